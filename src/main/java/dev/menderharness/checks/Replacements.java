package dev.menderharness.checks;

import dev.menderharness.cluster.RunningStack;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "The restart really happened": after {@code docker service update --force --detach} (or a rollout
 * restart) the provider's {@code restart()} can return before the orchestrator began, while the old
 * replica still counts as settled. A check that restarts a service and then reads from it must first
 * see replica ids the service did not have before ({@link RunningStack#replicaIds}: Swarm task ids,
 * pod uids), or it may be reading from the old one.
 */
public final class Replacements {

    private static final Duration POLL = Duration.ofMillis(300);

    private Replacements() {
    }

    /**
     * Waits until every running replica of {@code service} is new (none of {@code before}) and at
     * least one runs; returns the new ids. Otherwise a {@link CheckFailure} with {@code reason}:
     * "{@code what}: ..." naming the ids and the orchestrator's reason.
     */
    public static List<String> awaitAllNew(RunningStack stack, String service, Collection<String> before, Duration limit,
                                           String reason, String what) {
        Set<String> old = Set.copyOf(before);
        AtomicReference<List<String>> now = new AtomicReference<>(List.of());
        Waits.atMost(positive(limit)).every(POLL).until(() -> {
            now.set(stack.replicaIds(service));
            return !now.get().isEmpty() && now.get().stream().noneMatch(old::contains) ? null : "replicas " + now.get();
        }, last -> new CheckFailure(reason, what + ": " + service + " still runs " + now.get() + " (before: " + before + ") "
                + limit.toSeconds() + " s later" + stack.replicaProblem(service).map(p -> "; its replacement is " + p).orElse("")));
        return now.get();
    }

    /**
     * Waits until {@code service} runs {@code count} replicas and not all of them are of {@code before}
     * (one was replaced); returns the ids. Otherwise a {@link CheckFailure} with {@code reason}.
     */
    public static List<String> awaitOneNew(RunningStack stack, String service, Collection<String> before, int count, Duration limit,
                                           String reason, String what) {
        Set<String> old = Set.copyOf(before);
        AtomicReference<List<String>> now = new AtomicReference<>(List.of());
        Waits.atMost(positive(limit)).every(POLL).until(() -> {
            now.set(stack.replicaIds(service));
            return now.get().size() == count && !old.containsAll(now.get()) ? null : "replicas " + now.get();
        }, last -> new CheckFailure(reason, what + ": " + service + " runs " + now.get() + " (before: " + before + ") "
                + limit.toSeconds() + " s later" + stack.replicaProblem(service).map(p -> "; " + p).orElse("")));
        return now.get();
    }

    private static Duration positive(Duration d) {
        return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
    }
}
