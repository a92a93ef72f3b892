package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.VirtualNames;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kills one replica's container (no graceful stop): the orchestrator must replace it (a replica id
 * the service did not have, the killed one gone) and the service be healthy again within 30 s.
 * Requests through the gateway keep going meanwhile; failures are counted. The bound asserted: none
 * may fail once the replacement is healthy and the gateway's resolver has had the grace
 * ({@link Limits#gatewayGrace}) to see the new address. Failures before that are the unavoidable outage
 * of a killed replica and are reported, not asserted (a single-replica service cannot answer while its
 * only replica is dead). The request loop has no count limit and runs until
 * {@link Limits#afterGrace} requests went out after the grace ended, so that window is never empty.
 *
 * <p>Reason codes: {@code NO_REPLICA}, {@code REPLICA_NOT_REPLACED} (no new replica, healthy, within the
 * limit), {@code NO_REQUESTS_AFTER_GRACE} (the loop could not send a request after the grace: nothing
 * was proved), {@code LATE_FAILURES} (the failure then carries the result, so its numbers are recorded).
 * Variants: {@code deployments-not-restarted} (Swarm) → {@code REPLICA_NOT_REPLACED};
 * {@code gateway-deployments-resolved-at-startup} → {@code LATE_FAILURES} (the gateway keeps the dead
 * replica's address; shows where it reaches replicas by their own addresses, dnsrr Swarm: behind a
 * virtual IP the replacement keeps the address, {@link Result#nameIsVirtualIp}); docs/check-variants.md.
 */
public final class KillReplicaCheck implements Check<KillReplicaCheck.Result> {

    /**
     * @param healthy        how long the replacement may take to run and be healthy after the kill
     * @param gatewayGrace   after that, how long gateway requests may still fail (resolver TTL of the
     *                       gateway plus one request timeout)
     * @param warmup         requests the loop must have sent before the kill
     * @param requestPause   pause between two gateway requests
     * @param afterGrace     requests that must go out after the grace ended before the loop stops
     * @param requestTimeout timeout of one gateway request
     */
    public record Limits(Duration healthy, Duration gatewayGrace, int warmup, Duration requestPause,
                         int afterGrace, Duration requestTimeout) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10),
                5, Duration.ofMillis(100), 20, Duration.ofSeconds(5));
    }

    /**
     * What happened: seconds from the kill until the replacement was healthy, the gateway requests,
     * how many of them were sent and failed after the grace, the replica ids and addresses before and
     * after, and whether the service's name leads the gateway to a virtual IP (then the orchestrator,
     * not the gateway, moves requests to the replacement: {@link VirtualNames}). Its benchmark:
     * {@code recovery.json}, key {@code recovery.kill-replica.<service>}.
     */
    public record Result(String service, double secondsToHealthy, LoopResult requests, int sentAfterGrace,
                         long failedAfterGrace, List<String> idsBefore, List<String> idsAfter,
                         List<String> addressesBefore, List<String> addressesAfter, boolean nameIsVirtualIp) implements CheckResult {

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_to_healthy", Stopwatch.round(secondsToHealthy));
            m.put("requests", requests.asMap());
            m.put("sent_after_recovery_grace", sentAfterGrace);
            m.put("failed_after_recovery_grace", failedAfterGrace);
            m.put("addresses_before", addressesBefore);
            m.put("addresses_after", addressesAfter);
            return Optional.of(new BenchmarkEntry("recovery", "recovery.kill-replica." + service, m));
        }
    }

    private final String jwt;
    private final MenderComponent component;
    private final Limits limits;

    public KillReplicaCheck(String jwt, MenderComponent component, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.component = Objects.requireNonNull(component, "component");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public KillReplicaCheck(String jwt, MenderComponent component) {
        this(jwt, component, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        String svc = Roles.name(stack, component);
        int desired = stack.runningReplicas(svc);
        if (desired < 1) {
            throw new CheckFailure("NO_REPLICA", svc + " has no running replica to kill");
        }
        List<String> idsBefore = stack.replicaIds(svc);
        List<String> before = stack.replicaAddresses(svc);
        String path = MenderApi.managementGet(component);
        Duration healthyWithin = limits.healthy();
        // Bounded by time only, and far enough out to hold the after-grace window even if every request
        // took its whole timeout; the check stops it once that window has its requests.
        Duration window = limits.requestTimeout().plus(limits.requestPause()).multipliedBy(limits.afterGrace());
        Duration warmupWithin = limits.requestTimeout().plus(limits.requestPause()).multipliedBy(limits.warmup());
        RequestLoop loop = new RequestLoop(RequestLoop.gatewayClient(),
                RequestLoop.get(() -> stack.gateway().https().resolve(path), jwt, limits.requestTimeout()),
                c -> c == 200, limits.requestPause(), Integer.MAX_VALUE,
                warmupWithin.plus(healthyWithin).plus(limits.gatewayGrace()).plus(window).plusSeconds(10)).start();
        double healthyAt;
        double killedAt;
        double graceEnds;
        List<String> idsAfter;
        LoopResult requests;
        try {
            Waits.atMost(warmupWithin).every(Duration.ofMillis(20)).within(() -> loop.sentAfter(-1) > limits.warmup());
            reporter.step("kill one replica of " + svc, () -> stack.killOneReplica(svc));
            // The clock starts when the kill returned (the container is dead then); finding the task
            // and its node is the provider's overhead, not the orchestrator's recovery time.
            killedAt = loop.elapsedSeconds();
            AtomicReference<List<String>> ids = new AtomicReference<>(idsBefore);
            healthyAt = reporter.step(svc + " replaced (a new replica id) and healthy within " + healthyWithin.toSeconds() + " s", () -> {
                AtomicReference<String> state = new AtomicReference<>("");
                Waits.atMost(healthyWithin).every(Duration.ofMillis(300)).until(() -> {
                    ids.set(stack.replicaIds(svc));
                    boolean replaced = ids.get().size() == desired && !idsBefore.containsAll(ids.get());
                    List<Integer> codes = replaced ? ServiceHealth.perReplica(stack, component) : List.of();
                    state.set(ids.get().size() + "/" + desired + " running " + ids.get() + " (before " + idsBefore + "), health " + codes);
                    boolean ok = replaced && codes.size() == desired && codes.stream().allMatch(c -> c == 204);
                    return ok ? null : state.get();
                }, last -> new CheckFailure("REPLICA_NOT_REPLACED", svc + " was not replaced and healthy within "
                        + healthyWithin.toSeconds() + " s of a replica being killed: " + state.get()
                        + stack.replicaProblem(svc).map(p -> "; " + p).orElse("")));
                return loop.elapsedSeconds();
            });
            idsAfter = ids.get();
            graceEnds = healthyAt + limits.gatewayGrace().toNanos() / 1e9;
            reporter.step(limits.afterGrace() + " requests through the gateway after the " + limits.gatewayGrace().toSeconds()
                    + " s grace", () -> Waits.atMost(Duration.ofSeconds(1).plus(limits.gatewayGrace()).plus(window))
                    .every(Duration.ofMillis(100)).within(() -> loop.sentAfter(graceEnds) >= limits.afterGrace() || !loop.running()));
        } finally {
            requests = loop.stop();
        }
        int sentAfter = loop.sentAfter(graceEnds);
        double secondsToHealthy = healthyAt - killedAt;
        long late = requests.failedAfter(graceEnds);
        List<String> after = stack.replicaAddresses(svc);
        Result result = new Result(svc, secondsToHealthy, requests, sentAfter, late, idsBefore, idsAfter, before, after,
                VirtualNames.isVirtual(context, Roles.name(stack, MenderComponent.GATEWAY), svc, after));
        reporter.progress(svc + ": replaced " + idsBefore + " → " + idsAfter + ", healthy " + Stopwatch.round(secondsToHealthy)
                + " s after the kill; " + requests.failed() + " of " + requests.sent() + " gateway requests failed, " + late + " of "
                + sentAfter + " after the grace; " + requests.latencies());

        if (sentAfter == 0) {
            throw new CheckFailure("NO_REQUESTS_AFTER_GRACE", svc + ": no gateway request went out after the grace ended (+"
                    + Stopwatch.round(graceEnds) + " s); the loop ended at +" + Stopwatch.round(requests.seconds())
                    + " s: nothing shows the gateway reaching the replacement").withMeasured(result);
        }
        if (late > 0) {
            throw new CheckFailure("LATE_FAILURES", svc + ": " + late + " of " + sentAfter + " gateway requests still failed more than "
                    + limits.gatewayGrace().toSeconds() + " s after the replacement replica was healthy (replacement healthy at +"
                    + Stopwatch.round(healthyAt) + " s): the gateway keeps sending to the dead replica"
                    + requests.describeFailures(8)).withMeasured(result);
        }
        return result;
    }
}
