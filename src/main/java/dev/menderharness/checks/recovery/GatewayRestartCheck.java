package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Deadline;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Restarts the gateway: within 15 s a new replica must have replaced the old one and answer
 * Mender's readiness probes (401 for a management path without a token, 405 for GET on
 * auth_requests), and every API route must work again with a token, i.e. no configuration was lost
 * with the container.
 *
 * <p>Reason codes: {@code GATEWAY_NOT_REPLACED} (the old replica still serves: a restart that
 * cannot place the new one), {@code GATEWAY_NOT_BACK}, {@code ROUTES_BROKEN}. Variant:
 * {@code gateway-start-first-on-host-ports} (Swarm) → {@code GATEWAY_NOT_REPLACED}. No variant for the
 * others: a health check the orchestrator waits for before routing to the new task would delay the
 * gateway, but the harness's DinD swarm without IPVS publishes it in host mode, straight to the task;
 * and the configuration is the same object before and after a restart, so a fault in it fails the
 * routing check before any restart; docs/check-variants.md.
 */
public final class GatewayRestartCheck implements Check<GatewayRestartCheck.Result> {

    /** How often the host-side watcher asks the readiness probes. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(100);

    /**
     * @param back   how long after the restart began a new gateway must answer its readiness probes
     * @param routes how long each API route may then take to answer 200 with a token
     */
    public record Limits(Duration back, Duration routes) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    /**
     * Seconds from the restart until the new gateway answered its readiness probes, how long it did
     * not answer, how long the provider's restart call took. Its benchmark: {@code recovery.json},
     * key {@value #BENCHMARK_KEY}.
     */
    public record Result(double secondsToReady, double secondsUnreachable, double secondsRestartCall) implements CheckResult {

        public static final String BENCHMARK_KEY = "recovery.gateway-restart";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_to_ready", Stopwatch.round(secondsToReady));
            m.put("seconds_unreachable", Stopwatch.round(secondsUnreachable));
            m.put("seconds_restart_call", Stopwatch.round(secondsRestartCall));
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    private final String jwt;
    private final Limits limits;

    public GatewayRestartCheck(String jwt, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public GatewayRestartCheck(String jwt) {
        this(jwt, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Duration backWithin = limits.back();
        String gw = Roles.name(stack, MenderComponent.GATEWAY);
        HttpClient http = RequestLoop.gatewayClient();
        List<String> before = stack.replicaIds(gw);
        // Watch from the host while the provider restarts it: restart() returns only after the
        // orchestrator's rollout bookkeeping (health-check intervals included), which is not downtime.
        Stopwatch sinceRestart = Stopwatch.start();
        AtomicReference<Duration> firstDown = new AtomicReference<>();
        AtomicReference<Duration> backAt = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("");
        AtomicBoolean stop = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            try {
                while (!stop.get() && backAt.get() == null) {
                    int noToken = status(stack, http, MenderApi.USERS, null);
                    int authReq = status(stack, http, MenderApi.AUTH_REQUESTS, null);
                    last.set("GET " + MenderApi.USERS + " without token: " + noToken + " (want 401), GET "
                            + MenderApi.AUTH_REQUESTS + ": " + authReq + " (want 405)");
                    boolean ok = noToken == 401 && authReq == 405;
                    Duration now = sinceRestart.elapsed();
                    if (!ok && firstDown.get() == null) {
                        firstDown.set(now);
                    } else if (ok && firstDown.get() != null) {
                        backAt.set(now);
                    }
                    Waits.pause(WATCH_EVERY);
                }
            } catch (IllegalStateException interrupted) {
                // the watch ends; what it saw stands
            }
        }, "gateway-watch");
        watcher.setDaemon(true);
        watcher.start();
        double restartCall;
        try {
            restartCall = reporter.step("restart " + gw, () -> {
                stack.restart(gw);
                return sinceRestart.seconds();
            });
            reporter.step("gateway answers readiness probes within " + backWithin.toSeconds() + " s of the restart", () -> {
                // after restart() the old container is gone: wait for the new one (a little past the
                // limit when restart() itself took longer, so the message says where it stands)
                Duration left = Deadline.of(sinceRestart, backWithin).left();
                Duration wait = left.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : left;
                Waits.atMost(wait).every(WATCH_EVERY).within(() -> backAt.get() != null || firstDown.get() == null);
            });
        } finally {
            stop.set(true);
        }
        // A restart that never replaced the gateway would pass the probes vacuously: the old one answers.
        boolean replaced = Waits.atMost(Deadline.of(sinceRestart, backWithin).left()).every(Duration.ofMillis(500))
                .within(() -> stack.replicaIds(gw).stream().noneMatch(before::contains));
        if (!replaced) {
            throw new CheckFailure("GATEWAY_NOT_REPLACED", gw + " was not replaced within " + backWithin.toSeconds()
                    + " s of its restart: replica " + before + " still serves"
                    + stack.replicaProblem(gw).map(p -> ", its replacement is " + p).orElse(""));
        }
        if (firstDown.get() == null) {
            // never saw it down: the old container answered until the new one did (no outage)
            backAt.set(Duration.ZERO);
        }
        if (backAt.get() == null || backAt.get().compareTo(backWithin) > 0) {
            throw new CheckFailure("GATEWAY_NOT_BACK", gw + " was not back within " + backWithin.toSeconds()
                    + " s of its restart: " + last.get());
        }
        double back = backAt.get().toNanos() / 1e9;
        double outage = firstDown.get() == null ? 0 : backAt.get().minus(firstDown.get()).toNanos() / 1e9;
        reporter.step("every API route works again with a token", () -> {
            StringBuilder bad = new StringBuilder();
            for (MenderComponent c : Roles.STATELESS_APIS) {
                String path = MenderApi.managementGet(c);
                int code = awaitStatus(stack, http, path, 200);
                if (code != 200) {
                    bad.append("\n  GET ").append(path).append(" → ").append(code).append(" (want 200)");
                }
            }
            if (bad.length() > 0) {
                throw new CheckFailure("ROUTES_BROKEN", gw + " is up after its restart but routes are broken:" + bad);
            }
        });
        return new Result(back, outage, restartCall);
    }

    /** The last status of {@code path} with the token, polled until it is {@code want} or the routes limit passed. */
    private int awaitStatus(RunningStack stack, HttpClient http, String path, int want) {
        AtomicInteger code = new AtomicInteger();
        Waits.atMost(limits.routes()).every(Duration.ofMillis(300)).within(() -> {
            code.set(status(stack, http, path, jwt));
            return code.get() == want;
        });
        return code.get();
    }

    /** Status through the gateway's https endpoint on loopback; 0 when nothing answered. */
    private static int status(RunningStack stack, HttpClient http, String path, String bearer) {
        try {
            URI base = stack.gateway().https();
            HttpRequest req = RequestLoop.get(() -> base.resolve(path), bearer, Duration.ofSeconds(3)).get();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            return 0;
        }
    }
}
