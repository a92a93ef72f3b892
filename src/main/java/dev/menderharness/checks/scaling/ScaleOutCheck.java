package dev.menderharness.checks.scaling;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scales one stateless Mender service 1 → 3 → 1 while a steady, bounded request loop goes through
 * the gateway to it: the orchestrator reports 3 running, DNS shows 3 addresses, requests reach more
 * than one replica, and not a single request fails during scale-up or scale-down.
 *
 * <p>Reason codes: {@code NO_REPLICA}, {@code ROUTE_FAILED_BEFORE}, {@code REQUEST_FAILED},
 * {@code REPLICAS_NOT_RUNNING}, {@code DNS_ADDRESSES_MISMATCH}, {@code REPLICAS_NOT_HEALTHY},
 * {@code REPLICA_NOT_IDENTIFIABLE}, {@code LOAD_NOT_SPREAD}, {@code REQUESTS_FAILED} (the failure
 * then carries the result, so its numbers are recorded).
 */
public final class ScaleOutCheck implements Check<ScaleOutCheck.Result> {

    /**
     * @param peak            replicas at the top of the scale-up
     * @param settle          pause after each scale event, longer than the gateway's resolver TTL so the
     *                        gateway has seen the new address set
     * @param addresses       how long DNS may take to show {@code peak} replica addresses
     * @param healthy         how long every replica may take to be healthy after the scale-up
     * @param spreadSample    requests sent to see which replicas answer
     * @param minReplicasSeen replicas that must answer among them
     * @param requestPause    pause between two requests of the loop
     * @param maxRequests     the loop stops by itself after this many requests ...
     * @param maxLoop         ... or after this long (loopback only, never a load test)
     * @param requestTimeout  timeout of one request
     */
    public record Limits(int peak, Duration settle, Duration addresses, Duration healthy, int spreadSample,
                         int minReplicasSeen, Duration requestPause, int maxRequests, Duration maxLoop,
                         Duration requestTimeout) {
        public static final Limits DEFAULT = new Limits(3, Duration.ofSeconds(6), Duration.ofSeconds(15),
                Duration.ofSeconds(30), 40, 2, Duration.ofMillis(50), 2_000, Duration.ofSeconds(120), Duration.ofSeconds(5));
    }

    /** What the scaling did and what the loops saw. Its benchmark: {@code recovery.json}, key {@code scaling.<service>}. */
    public record Result(String service, double secondsUp, double secondsDown, int addressesAtPeak,
                         Set<String> replicasSeen, LoopResult duringUp, LoopResult duringDown) implements CheckResult {

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_scale_up", Stopwatch.round(secondsUp));
            m.put("seconds_scale_down", Stopwatch.round(secondsDown));
            m.put("addresses_at_peak", addressesAtPeak);
            m.put("replicas_seen", replicasSeen.size());
            m.put("during_scale_up", duringUp.asMap());
            m.put("during_scale_down", duringDown.asMap());
            return Optional.of(new BenchmarkEntry("recovery", "scaling." + service, m));
        }
    }

    private final String jwt;
    private final MenderComponent component;
    private final Limits limits;

    public ScaleOutCheck(String jwt, MenderComponent component, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.component = Objects.requireNonNull(component, "component");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ScaleOutCheck(String jwt, MenderComponent component) {
        this(jwt, component, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        int peak = limits.peak();
        String svc = Roles.name(stack, component);
        String path = MenderApi.managementGet(component);
        HttpClient http = RequestLoop.gatewayClient();
        int before = stack.runningReplicas(svc);
        if (before < 1) {
            throw new CheckFailure("NO_REPLICA", svc + " has no running replica before scaling");
        }
        reporter.step("route " + path + " answers 200 before scaling", () -> {
            int code = send(stack, http, path).statusCode();
            if (code != 200) {
                throw new CheckFailure("ROUTE_FAILED_BEFORE", "GET " + path + " through the gateway answered " + code
                        + " before any scaling (want 200)");
            }
        });

        RequestLoop up = loop(stack, http, path).start();
        Stopwatch scalingUp = Stopwatch.start();
        double secondsUp;
        int addresses;
        Set<String> seen;
        LoopResult duringUp;
        try {
            reporter.step("scale " + svc + " " + before + " → " + peak, () -> stack.scale(svc, peak));
            secondsUp = scalingUp.seconds();
            reporter.step("orchestrator reports " + peak + " running", () -> {
                int running = stack.runningReplicas(svc);
                if (running != peak) {
                    throw new CheckFailure("REPLICAS_NOT_RUNNING", svc + ": " + running + " replicas running after scaling to " + peak);
                }
            });
            addresses = reporter.step("DNS shows " + peak + " addresses", () -> awaitAddresses(context, svc, peak));
            reporter.step("every replica healthy", () -> awaitAllHealthy(stack, svc));
            Waits.pause(limits.settle());
            seen = reporter.step("requests through the gateway reach more than one replica", () -> spread(context, http, svc, path));
        } finally {
            duringUp = up.stop();
        }

        RequestLoop down = loop(stack, http, path).start();
        Stopwatch scalingDown = Stopwatch.start();
        double secondsDown;
        LoopResult duringDown;
        try {
            reporter.step("scale " + svc + " " + peak + " → " + before, () -> stack.scale(svc, before));
            secondsDown = scalingDown.seconds();
            Waits.pause(limits.settle());
        } finally {
            duringDown = down.stop();
        }
        reporter.step("orchestrator reports " + before + " running after scale-down", () -> {
            int running = stack.runningReplicas(svc);
            if (running != before) {
                throw new CheckFailure("REPLICAS_NOT_RUNNING", svc + ": " + running + " replicas running after scaling back to " + before);
            }
        });

        Result result = new Result(svc, secondsUp, secondsDown, addresses, seen, duringUp, duringDown);
        reporter.progress(svc + " scale-up: " + duringUp.sent() + " requests, " + duringUp.failed() + " failed, " + duringUp.latencies()
                + "; scale-down: " + duringDown.sent() + " requests, " + duringDown.failed() + " failed, " + duringDown.latencies());

        reporter.step("no request failed while scaling", () -> {
            if (duringUp.failed() + duringDown.failed() > 0) {
                throw new CheckFailure("REQUESTS_FAILED", svc + ": " + duringUp.failed() + " of " + duringUp.sent()
                        + " requests failed during scale-up" + duringUp.describeFailures(5) + "\nand " + duringDown.failed()
                        + " of " + duringDown.sent() + " during scale-down" + duringDown.describeFailures(5)
                        + "\n(times are seconds from the start of each phase; a gateway that keeps stale upstream"
                        + " addresses or does not retry the next upstream fails here)").withMeasured(result);
            }
        });
        return result;
    }

    private RequestLoop loop(RunningStack stack, HttpClient http, String path) {
        return new RequestLoop(http, RequestLoop.get(() -> target(stack, path), jwt, limits.requestTimeout()),
                c -> c == 200, limits.requestPause(), limits.maxRequests(), limits.maxLoop());
    }

    private static URI target(RunningStack stack, String path) {
        return stack.gateway().https().resolve(path);
    }

    private HttpResponse<Void> send(RunningStack stack, HttpClient http, String path) {
        try {
            return http.send(RequestLoop.get(() -> target(stack, path), jwt, limits.requestTimeout()).get(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new CheckFailure("REQUEST_FAILED", "GET " + path + " through the gateway failed: " + e.getMessage(), e);
        }
    }

    private int awaitAddresses(CheckContext context, String svc, int want) {
        AtomicReference<List<String>> addrs = new AtomicReference<>(List.of());
        Waits.atMost(limits.addresses()).every(Duration.ofMillis(500)).until(() -> {
            addrs.set(context.stack().replicaAddresses(svc));
            return addrs.get().size() == want ? null : addrs.get().size() + " addresses";
        }, state -> new CheckFailure("DNS_ADDRESSES_MISMATCH", svc + ": DNS shows " + addrs.get().size()
                + " replica addresses " + addrs.get() + " with " + want + " running"));
        context.reporter().attach(svc + " replica addresses", String.join("\n", addrs.get()));
        return want;
    }

    private void awaitAllHealthy(RunningStack stack, String svc) {
        AtomicReference<List<Integer>> codes = new AtomicReference<>(List.of());
        Waits.atMost(limits.healthy()).every(Duration.ofMillis(500)).until(() -> {
            codes.set(ServiceHealth.perReplica(stack, component));
            return !codes.get().isEmpty() && codes.get().stream().allMatch(c -> c == 204) ? null : "health " + codes.get();
        }, state -> new CheckFailure("REPLICAS_NOT_HEALTHY", svc + ": replicas not all healthy "
                + limits.healthy().toSeconds() + " s after scaling: health codes " + codes.get()));
    }

    private Set<String> spread(CheckContext context, HttpClient http, String svc, String path) {
        Set<String> headers = new TreeSet<>();
        for (int i = 0; i < limits.spreadSample(); i++) {
            send(context.stack(), http, path).headers().firstValue(RequestLoop.INSTANCE_HEADER).ifPresent(headers::add);
        }
        Set<String> seen = headers;
        String how = "X-Standin-Instance header";
        if (headers.isEmpty()) {
            seen = ReplicaSpread.fromLogs(context.stack().logs(svc, 400), path);
            how = "per-replica log prefixes";
            if (seen.isEmpty()) {
                throw new CheckFailure("REPLICA_NOT_IDENTIFIABLE", svc + ": cannot tell which replica answered: the image sends no "
                        + RequestLoop.INSTANCE_HEADER + " header and its log lines for " + path + " carry no per-replica prefix");
            }
        }
        context.reporter().attach(svc + " replicas that answered (" + how + ")", String.join("\n", seen));
        if (seen.size() < limits.minReplicasSeen()) {
            throw new CheckFailure("LOAD_NOT_SPREAD", svc + ": " + limits.spreadSample() + " requests through the gateway all reached"
                    + " one replica " + seen + " with " + limits.peak() + " running (" + how
                    + "): the gateway does not spread load over the replicas");
        }
        return seen;
    }
}
