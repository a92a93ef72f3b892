package dev.menderharness.checks;

import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Mender's own health endpoints ({@code /api/internal/v1/<svc>/health}, 204 healthy, 503 not),
 * asked from a probe on the service's network: they are internal and never published. URLs come
 * from {@link ServiceSpec#healthUrl}.
 */
public final class ServiceHealth {

    /** Status reported when nothing answered (connection refused, timeout, name not resolved). */
    public static final int NO_ANSWER = 0;

    private static final Duration POLL = Duration.ofMillis(500);

    private ServiceHealth() {
    }

    public static String healthUrl(ServiceSpec s, MenderComponent c, String host) {
        return s.healthUrl(host).orElseThrow(() -> new IllegalArgumentException(c + " has no Mender health endpoint"));
    }

    /** One health request to the service name (any replica), from a probe on its network. */
    public static int status(RunningStack stack, MenderComponent c) {
        ServiceSpec s = Roles.service(stack, c);
        return curlStatus(stack, s.name(), healthUrl(s, c, s.name()));
    }

    /** Health of every running replica, addressed directly (tasks.&lt;svc&gt; / Endpoints). */
    public static List<Integer> perReplica(RunningStack stack, MenderComponent c) {
        ServiceSpec s = Roles.service(stack, c);
        List<Integer> out = new ArrayList<>();
        for (String addr : stack.replicaAddresses(s.name())) {
            out.add(curlStatus(stack, s.name(), healthUrl(s, c, addr)));
        }
        return out;
    }

    /** {@code curl} from a probe attached to {@code service}'s network; 0 when nothing answered. */
    public static int curlStatus(RunningStack stack, String service, String url) {
        ExecResult r = stack.probe(service, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--connect-timeout", "2", "--max-time", "4", url);
        String out = r.stdout() == null ? "" : r.stdout().trim();
        try {
            return Integer.parseInt(out.isEmpty() ? "0" : out);
        } catch (NumberFormatException e) {
            return NO_ANSWER;
        }
    }

    /**
     * Polls until {@code wanted} holds for the service's health status; returns how long that took.
     * Throws a {@link CheckFailure} with {@code reason}, {@code why} and the last status when it does
     * not within {@code timeout}.
     */
    public static Duration await(RunningStack stack, MenderComponent c, IntPredicate wanted, Duration timeout,
                                 String reason, String why) {
        return await(stack, c, wanted, timeout, reason, () -> why);
    }

    /** As {@link #await(RunningStack, MenderComponent, IntPredicate, Duration, String, String)}, {@code why} made only on failure. */
    public static Duration await(RunningStack stack, MenderComponent c, IntPredicate wanted, Duration timeout,
                                 String reason, java.util.function.Supplier<String> why) {
        AtomicInteger last = new AtomicInteger(NO_ANSWER);
        return Waits.atMost(timeout).every(POLL).until(() -> {
            int status = status(stack, c);
            last.set(status);
            return wanted.test(status) ? null : "health " + status;
        }, state -> new CheckFailure(reason, why.get() + " (last health status of " + Roles.name(stack, c) + ": "
                + (last.get() == NO_ANSWER ? "no answer" : last.get()) + ", waited " + timeout.toSeconds() + " s)"));
    }

    /** Seconds of a duration, as results report them. */
    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
