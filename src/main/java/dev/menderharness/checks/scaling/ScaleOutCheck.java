package dev.menderharness.checks.scaling;

import dev.menderharness.checks.AccessLogs;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scales one stateless Mender service 1 → 3 → 1 while a steady, bounded request loop goes through
 * the gateway to it: the orchestrator reports 3 running, DNS shows 3 addresses, every replica is
 * healthy, requests through the gateway reach more than one replica, and not a single request fails
 * during scale-up or scale-down.
 *
 * <p>Which replica answered is read from the service's own access log: every sampled request carries
 * a unique {@code X-MEN-RequestID}, which Mender logs as {@code request_id}, and the provider's log
 * format names the replica of each line ({@link ReplicaSpread}). Nothing a stand-in alone sends is
 * read. Nothing waits a fixed time: the spread is sampled until enough replicas answered (or the limit
 * passed), and after the scale-down the loop runs until DNS shows the remaining replicas and
 * {@link Limits#afterScaleDown} more requests went through (spanning the gateway's resolver cache).
 *
 * <p>Reason codes: {@code NO_REPLICA}, {@code ROUTE_FAILED_BEFORE}, {@code REQUEST_FAILED},
 * {@code REPLICAS_NOT_RUNNING}, {@code DNS_ADDRESSES_MISMATCH}, {@code REPLICAS_NOT_HEALTHY},
 * {@code REPLICA_NOT_IDENTIFIABLE} (none of the sampled requests is in the service's log with a replica
 * prefix), {@code LOAD_NOT_SPREAD}, {@code REQUESTS_FAILED} (the failure then carries the result, so its
 * numbers are recorded).
 *
 * <p>Variant: {@code gateway-upstreams-resolved-at-startup} → {@code LOAD_NOT_SPREAD}, which shows only
 * where the gateway reaches replicas by their own addresses (dnsrr Swarm): behind a virtual IP (Swarm
 * VIP, Kubernetes ClusterIP) the orchestrator spreads the connections ({@link Result#nameIsVirtualIp}).
 * What no variant breaks on its own (docs/check-variants.md): the orchestrator's counts and DNS
 * ({@code REPLICAS_NOT_RUNNING}, {@code DNS_ADDRESSES_MISMATCH}), replicas of one spec differing in
 * health ({@code REPLICAS_NOT_HEALTHY}: a spec fault makes the first replica unhealthy as well, which
 * {@code ROUTE_FAILED_BEFORE} reports), and {@code REQUESTS_FAILED}: a gateway that does not retry the
 * next upstream ({@code proxy_next_upstream off}) still lost no request here, because Swarm takes a
 * replica out of DNS before it stops it; a longer resolver cache fails the spread step first.
 */
public final class ScaleOutCheck implements Check<ScaleOutCheck.Result> {

    /**
     * @param peak            replicas at the top of the scale-up
     * @param addresses       how long DNS may take to show {@code peak} (and again the original count of) replica addresses
     * @param healthy         how long every replica may take to be healthy after the scale-up
     * @param spreadSample    tagged requests per sampling round
     * @param spreadWithin    how long requests may take to reach {@code minReplicasSeen} replicas once all are healthy
     * @param minReplicasSeen replicas that must answer the sampled requests
     * @param afterScaleDown  requests the loop must send once the scale-down shows in DNS (at the default
     *                        pause about 3.5 s: longer than the reference gateway's 2 s resolver cache)
     * @param requestPause    pause between two requests of the loop
     * @param maxRequests     the loop stops by itself after this many requests ...
     * @param maxLoop         ... or after this long (loopback only, never a load test)
     * @param requestTimeout  timeout of one request
     */
    public record Limits(int peak, Duration addresses, Duration healthy, int spreadSample, Duration spreadWithin,
                         int minReplicasSeen, int afterScaleDown, Duration requestPause, int maxRequests, Duration maxLoop,
                         Duration requestTimeout) {
        public static final Limits DEFAULT = new Limits(3, Duration.ofSeconds(15), Duration.ofSeconds(30), 20,
                Duration.ofSeconds(20), 2, 60, Duration.ofMillis(50), 2_000, Duration.ofSeconds(120), Duration.ofSeconds(5));
    }

    /**
     * What the scaling did and what the loops saw. {@code nameIsVirtualIp}: the service's name resolved,
     * from the gateway's network, to an address that is no replica's (a Swarm VIP or Kubernetes
     * ClusterIP), so the orchestrator, not the gateway, picks the replica of each connection. Its
     * benchmark: {@code recovery.json}, key {@code scaling.<service>}.
     */
    public record Result(String service, double secondsUp, double secondsDown, List<String> addressesAtPeak,
                         ReplicaSpread spread, boolean nameIsVirtualIp, LoopResult duringUp, LoopResult duringDown)
            implements CheckResult {

        public Set<String> replicasSeen() {
            return spread == null ? Set.of() : spread.replicas();
        }

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_scale_up", Stopwatch.round(secondsUp));
            m.put("seconds_scale_down", Stopwatch.round(secondsDown));
            m.put("addresses_at_peak", addressesAtPeak.size());
            m.put("replicas_seen", replicasSeen().size());
            m.put("name_is_virtual_ip", nameIsVirtualIp);
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
            int code = send(stack, http, path, null).statusCode();
            if (code != 200) {
                throw new CheckFailure("ROUTE_FAILED_BEFORE", "GET " + path + " through the gateway answered " + code
                        + " before any scaling (want 200)");
            }
        });

        RequestLoop up = loop(stack, http, path).start();
        Stopwatch scalingUp = Stopwatch.start();
        double secondsUp;
        List<String> addresses;
        ReplicaSpread seen;
        boolean virtual;
        LoopResult duringUp;
        try {
            reporter.step("scale " + svc + " " + before + " → " + peak, () -> stack.scale(svc, peak));
            secondsUp = scalingUp.seconds();
            reporter.step("orchestrator reports " + peak + " running", () -> {
                int running = stack.runningReplicas(svc);
                if (running != peak) {
                    throw new CheckFailure("REPLICAS_NOT_RUNNING", svc + ": " + running + " replicas running after scaling to " + peak
                            + stack.replicaProblem(svc).map(p -> " (" + p + ")").orElse(""));
                }
            });
            addresses = reporter.step("DNS shows " + peak + " addresses", () -> awaitAddresses(context, svc, peak));
            reporter.step("every replica healthy", () -> awaitAllHealthy(stack, svc));
            virtual = reporter.step("does " + svc + "'s name lead the gateway to a virtual IP?", () ->
                    VirtualNames.isVirtual(context, Roles.name(stack, MenderComponent.GATEWAY), svc, addresses));
            seen = reporter.step("requests through the gateway reach more than one replica (by their X-MEN-RequestID in "
                    + svc + "'s log)", () -> spread(context, http, svc, path));
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
            reporter.step("DNS shows " + before + " address(es), then " + limits.afterScaleDown()
                    + " more requests go through", () -> {
                awaitAddresses(context, svc, before);
                double settled = down.elapsedSeconds();
                Waits.atMost(limits.maxLoop()).every(Duration.ofMillis(100))
                        .within(() -> down.sentAfter(settled) >= limits.afterScaleDown() || !down.running());
            });
        } finally {
            duringDown = down.stop();
        }
        reporter.step("orchestrator reports " + before + " running after scale-down", () -> {
            int running = stack.runningReplicas(svc);
            if (running != before) {
                throw new CheckFailure("REPLICAS_NOT_RUNNING", svc + ": " + running + " replicas running after scaling back to " + before);
            }
        });

        Result result = new Result(svc, secondsUp, secondsDown, addresses, seen, virtual, duringUp, duringDown);
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

    private HttpResponse<Void> send(RunningStack stack, HttpClient http, String path, String requestId) {
        try {
            HttpRequest plain = RequestLoop.get(() -> target(stack, path), jwt, limits.requestTimeout()).get();
            HttpRequest req = requestId == null ? plain
                    : HttpRequest.newBuilder(plain, (k, v) -> true).header(AccessLogs.REQUEST_ID_HEADER, requestId).build();
            return http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailure("REQUEST_FAILED", "GET " + path + " through the gateway was interrupted", e);
        } catch (Exception e) {
            throw new CheckFailure("REQUEST_FAILED", "GET " + path + " through the gateway failed: " + e.getMessage(), e);
        }
    }

    private List<String> awaitAddresses(CheckContext context, String svc, int want) {
        AtomicReference<List<String>> addrs = new AtomicReference<>(List.of());
        Waits.atMost(limits.addresses()).every(Duration.ofMillis(500)).until(() -> {
            addrs.set(context.stack().replicaAddresses(svc));
            return addrs.get().size() == want ? null : addrs.get().size() + " addresses";
        }, state -> new CheckFailure("DNS_ADDRESSES_MISMATCH", svc + ": DNS shows " + addrs.get().size()
                + " replica addresses " + addrs.get() + " with " + want + " running"));
        context.reporter().attach(svc + " replica addresses (" + want + " running)", String.join("\n", addrs.get()));
        return addrs.get();
    }

    private void awaitAllHealthy(RunningStack stack, String svc) {
        AtomicReference<List<Integer>> codes = new AtomicReference<>(List.of());
        Waits.atMost(limits.healthy()).every(Duration.ofMillis(500)).until(() -> {
            codes.set(ServiceHealth.perReplica(stack, component));
            return !codes.get().isEmpty() && codes.get().stream().allMatch(c -> c == 204) ? null : "health " + codes.get();
        }, state -> new CheckFailure("REPLICAS_NOT_HEALTHY", svc + ": replicas not all healthy "
                + limits.healthy().toSeconds() + " s after scaling: health codes " + codes.get()));
    }

    /**
     * Samples rounds of {@link Limits#spreadSample} requests, each with its own request id, until the
     * service's log shows {@link Limits#minReplicasSeen} replicas answering them or the limit passed.
     */
    private ReplicaSpread spread(CheckContext context, HttpClient http, String svc, String path) {
        RunningStack stack = context.stack();
        List<String> ids = new ArrayList<>();
        AtomicReference<ReplicaSpread> last = new AtomicReference<>(ReplicaSpread.of("", List.of()));
        AtomicReference<Map<String, String>> logs = new AtomicReference<>(Map.of());
        boolean spread = Waits.atMost(limits.spreadWithin()).every(Duration.ofMillis(200)).within(() -> {
            for (int i = 0; i < limits.spreadSample(); i++) {
                String id = AccessLogs.newRequestId("spread");
                ids.add(id);
                send(stack, http, path, id);
            }
            logs.set(stack.replicaLogs(svc, SPREAD_LOG_LINES));
            last.set(ReplicaSpread.of(logs.get(), ids));
            return last.get().replicas().size() >= limits.minReplicasSeen();
        });
        ReplicaSpread s = last.get();
        context.reporter().attach(svc + " replicas that answered the sampled requests", s.describe());
        if (spread) {
            return s;
        }
        if (s.replicas().isEmpty()) {
            StringBuilder text = new StringBuilder();
            logs.get().forEach((replica, log) -> text.append("==> ").append(replica).append(" <==\n").append(log).append('\n'));
            context.reporter().attach(svc + " log (last " + SPREAD_LOG_LINES + " lines per replica)", text.toString());
            throw new CheckFailure("REPLICA_NOT_IDENTIFIABLE", svc + ": cannot tell which replica answered: none of the "
                    + s.sent() + " sampled requests is in its log with a replica prefix (" + s.describe() + "). Mender logs each "
                    + "request's " + AccessLogs.REQUEST_ID_HEADER + " as request_id at level info: is the log level above info, "
                    + "or does the gateway drop the header?");
        }
        throw new CheckFailure("LOAD_NOT_SPREAD", svc + ": " + s.found() + " requests through the gateway all reached "
                + s.describe() + " with " + limits.peak() + " running, sampled for " + limits.spreadWithin().toSeconds()
                + " s: the gateway does not spread load over the replicas (does it resolve the upstream only at startup?)");
    }

    /** Log lines per replica read for the spread: the loop's own requests are logged too. */
    private static final int SPREAD_LOG_LINES = 800;
}
