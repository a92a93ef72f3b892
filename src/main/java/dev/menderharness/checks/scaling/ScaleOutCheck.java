package dev.menderharness.checks.scaling;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scales one stateless Mender service 1 → 3 → 1 while a steady, bounded request loop goes through
 * the gateway to it: the orchestrator reports 3 running, DNS shows 3 addresses, requests reach more
 * than one replica, and not a single request fails during scale-up or scale-down.
 */
public final class ScaleOutCheck {

    public record Result(String service, double secondsUp, double secondsDown, int addressesAtPeak,
                         Set<String> replicasSeen, LoopResult duringUp, LoopResult duringDown) {
    }

    static final int PEAK = 3;
    /** Longer than the gateway's resolver TTL, so the gateway has seen the new address set. */
    static final Duration SETTLE = Duration.ofSeconds(6);
    private static final Duration PAUSE = Duration.ofMillis(50);
    private static final int MAX_REQUESTS = 2_000;
    private static final Duration MAX_LOOP = Duration.ofSeconds(120);
    private static final int SPREAD_SAMPLE = 40;

    private final RunningStack stack;
    private final String jwt;
    private final MenderComponent component;

    public ScaleOutCheck(RunningStack stack, String jwt, MenderComponent component) {
        this.stack = stack;
        this.jwt = jwt;
        this.component = component;
    }

    public Result run() {
        String svc = Roles.name(stack, component);
        String path = MenderApi.managementGet(component);
        HttpClient http = RequestLoop.gatewayClient();
        int before = stack.runningReplicas(svc);
        if (before < 1) {
            throw new AssertionError(svc + " has no running replica before scaling");
        }
        Report.step("route " + path + " answers 200 before scaling", () -> {
            int code = send(http, path).statusCode();
            if (code != 200) {
                throw new AssertionError("GET " + path + " through the gateway answered " + code + " before any scaling (want 200)");
            }
        });

        RequestLoop up = loop(http, path).start();
        long t0 = System.nanoTime();
        double secondsUp;
        int addresses;
        Set<String> seen;
        LoopResult duringUp;
        try {
            Report.step("scale " + svc + " " + before + " → " + PEAK, () -> stack.scale(svc, PEAK));
            secondsUp = (System.nanoTime() - t0) / 1e9;
            Report.step("orchestrator reports " + PEAK + " running", () -> {
                int running = stack.runningReplicas(svc);
                if (running != PEAK) {
                    throw new AssertionError(svc + ": " + running + " replicas running after scaling to " + PEAK);
                }
            });
            addresses = Report.step("DNS shows " + PEAK + " addresses", () -> awaitAddresses(svc, PEAK));
            Report.step("every replica healthy", () -> awaitAllHealthy(svc));
            sleep(SETTLE);
            seen = Report.step("requests through the gateway reach more than one replica", () -> spread(http, svc, path));
        } finally {
            duringUp = up.stop();
        }

        RequestLoop down = loop(http, path).start();
        long t1 = System.nanoTime();
        double secondsDown;
        LoopResult duringDown;
        try {
            Report.step("scale " + svc + " " + PEAK + " → " + before, () -> stack.scale(svc, before));
            secondsDown = (System.nanoTime() - t1) / 1e9;
            sleep(SETTLE);
        } finally {
            duringDown = down.stop();
        }
        Report.step("orchestrator reports " + before + " running after scale-down", () -> {
            int running = stack.runningReplicas(svc);
            if (running != before) {
                throw new AssertionError(svc + ": " + running + " replicas running after scaling back to " + before);
            }
        });

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_scale_up", round(secondsUp));
        m.put("seconds_scale_down", round(secondsDown));
        m.put("addresses_at_peak", addresses);
        m.put("replicas_seen", seen.size());
        m.put("during_scale_up", duringUp.asMap());
        m.put("during_scale_down", duringDown.asMap());
        Report.attachJson("scaling " + svc, BenchmarkJson.named("recovery").put("scaling." + svc, m));
        Report.progress(svc + " scale-up: " + duringUp.sent() + " requests, " + duringUp.failed() + " failed, " + duringUp.latencies()
                + "; scale-down: " + duringDown.sent() + " requests, " + duringDown.failed() + " failed, " + duringDown.latencies());

        Report.step("no request failed while scaling", () -> {
            if (duringUp.failed() + duringDown.failed() > 0) {
                throw new AssertionError(svc + ": " + duringUp.failed() + " of " + duringUp.sent() + " requests failed during scale-up"
                        + duringUp.describeFailures(5) + "\nand " + duringDown.failed() + " of " + duringDown.sent()
                        + " during scale-down" + duringDown.describeFailures(5)
                        + "\n(times are seconds from the start of each phase; a gateway that keeps stale upstream"
                        + " addresses or does not retry the next upstream fails here)");
            }
        });
        return new Result(svc, secondsUp, secondsDown, addresses, seen, duringUp, duringDown);
    }

    private RequestLoop loop(HttpClient http, String path) {
        return new RequestLoop(http, RequestLoop.get(() -> target(path), jwt, Duration.ofSeconds(5)),
                c -> c == 200, PAUSE, MAX_REQUESTS, MAX_LOOP);
    }

    private URI target(String path) {
        return stack.gateway().https().resolve(path);
    }

    private HttpResponse<Void> send(HttpClient http, String path) {
        try {
            return http.send(RequestLoop.get(() -> target(path), jwt, Duration.ofSeconds(5)).get(), HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " through the gateway failed: " + e.getMessage(), e);
        }
    }

    private int awaitAddresses(String svc, int want) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> addrs;
        do {
            addrs = stack.replicaAddresses(svc);
            if (addrs.size() == want) {
                Report.attach(svc + " replica addresses", String.join("\n", addrs));
                return want;
            }
            sleep(Duration.ofMillis(500));
        } while (System.nanoTime() < deadline);
        throw new AssertionError(svc + ": DNS shows " + addrs.size() + " replica addresses " + addrs + " with " + want + " running");
    }

    private void awaitAllHealthy(String svc) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Integer> codes;
        do {
            codes = ServiceHealth.perReplica(stack, component);
            if (!codes.isEmpty() && codes.stream().allMatch(c -> c == 204)) {
                return;
            }
            sleep(Duration.ofMillis(500));
        } while (System.nanoTime() < deadline);
        throw new AssertionError(svc + ": replicas not all healthy 30 s after scaling: health codes " + codes);
    }

    private Set<String> spread(HttpClient http, String svc, String path) {
        Set<String> headers = new TreeSet<>();
        for (int i = 0; i < SPREAD_SAMPLE; i++) {
            send(http, path).headers().firstValue(RequestLoop.INSTANCE_HEADER).ifPresent(headers::add);
        }
        Set<String> seen = headers;
        String how = "X-Standin-Instance header";
        if (headers.isEmpty()) {
            seen = ReplicaSpread.fromLogs(stack.logs(svc, 400), path);
            how = "per-replica log prefixes";
            if (seen.isEmpty()) {
                throw new AssertionError(svc + ": cannot tell which replica answered: the image sends no "
                        + RequestLoop.INSTANCE_HEADER + " header and its log lines for " + path + " carry no per-replica prefix");
            }
        }
        Report.attach(svc + " replicas that answered (" + how + ")", String.join("\n", seen));
        if (seen.size() < 2) {
            throw new AssertionError(svc + ": " + SPREAD_SAMPLE + " requests through the gateway all reached one replica " + seen
                    + " with " + PEAK + " running (" + how + "): the gateway does not spread load over the replicas");
        }
        return seen;
    }

    private static double round(double s) {
        return Math.round(s * 100) / 100.0;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
