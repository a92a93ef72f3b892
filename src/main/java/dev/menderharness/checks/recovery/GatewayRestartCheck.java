package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
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

/**
 * Restarts the gateway: within 15 s a new replica must have replaced the old one and answer
 * Mender's readiness probes (401 for a management path without a token, 405 for GET on
 * auth_requests), and every API route must work again with a token, i.e. no configuration was lost
 * with the container.
 */
public final class GatewayRestartCheck {

    public static final Duration BACK_WITHIN = Duration.ofSeconds(15);

    private final RunningStack stack;
    private final String jwt;

    public GatewayRestartCheck(RunningStack stack, String jwt) {
        this.stack = stack;
        this.jwt = jwt;
    }

    /** Returns seconds from the restart until the new gateway answered its readiness probes. */
    public double run() {
        String gw = Roles.name(stack, MenderComponent.GATEWAY);
        HttpClient http = RequestLoop.gatewayClient();
        List<String> before = stack.replicaIds(gw);
        // Watch from the host while the provider restarts it: restart() returns only after the
        // orchestrator's rollout bookkeeping (health-check intervals included), which is not downtime.
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong firstDown = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicLong backAt = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!stop.get() && backAt.get() < 0) {
                int noToken = status(http, MenderApi.USERS, null);
                int authReq = status(http, MenderApi.AUTH_REQUESTS, null);
                last.set("GET " + MenderApi.USERS + " without token: " + noToken + " (want 401), GET "
                        + MenderApi.AUTH_REQUESTS + ": " + authReq + " (want 405)");
                boolean ok = noToken == 401 && authReq == 405;
                long now = System.nanoTime();
                if (!ok && firstDown.get() < 0) {
                    firstDown.set(now);
                } else if (ok && firstDown.get() >= 0) {
                    backAt.set(now);
                }
                KillReplicaCheck.sleep(Duration.ofMillis(100));
            }
        }, "gateway-watch");
        watcher.setDaemon(true);
        watcher.start();
        double restartCall;
        try {
            restartCall = Report.step("restart " + gw, () -> {
                stack.restart(gw);
                return (System.nanoTime() - t0) / 1e9;
            });
            Report.step("gateway answers readiness probes within " + BACK_WITHIN.toSeconds() + " s of the restart", () -> {
                // after restart() the old container is gone: wait for the new one (a little past the
                // limit when restart() itself took longer, so the message says where it stands)
                long deadline = Math.max(t0 + BACK_WITHIN.toNanos(), System.nanoTime() + 2_000_000_000L);
                while (backAt.get() < 0 && firstDown.get() >= 0 && System.nanoTime() < deadline) {
                    KillReplicaCheck.sleep(Duration.ofMillis(100));
                }
            });
        } finally {
            stop.set(true);
        }
        // A restart that never replaced the gateway would pass the probes vacuously: the old one answers.
        if (!awaitReplaced(gw, before, Math.max(t0 + BACK_WITHIN.toNanos(), System.nanoTime()))) {
            throw new AssertionError(gw + " was not replaced within " + BACK_WITHIN.toSeconds() + " s of its restart: replica "
                    + before + " still serves" + stack.replicaProblem(gw).map(p -> ", its replacement is " + p).orElse(""));
        }
        if (firstDown.get() < 0) {
            // never saw it down: the old container answered until the new one did (no outage)
            backAt.set(t0);
        }
        if (backAt.get() < 0 || backAt.get() - t0 > BACK_WITHIN.toNanos()) {
            throw new AssertionError(gw + " was not back within " + BACK_WITHIN.toSeconds() + " s of its restart: " + last.get());
        }
        double back = (backAt.get() - t0) / 1e9;
        double outage = firstDown.get() < 0 ? 0 : (backAt.get() - firstDown.get()) / 1e9;
        Report.step("every API route works again with a token", () -> {
            StringBuilder bad = new StringBuilder();
            for (MenderComponent c : dev.menderharness.checks.Roles.STATELESS_APIS) {
                String path = MenderApi.managementGet(c);
                int code = awaitStatus(http, path, 200, Duration.ofSeconds(10));
                if (code != 200) {
                    bad.append("\n  GET ").append(path).append(" → ").append(code).append(" (want 200)");
                }
            }
            if (bad.length() > 0) {
                throw new AssertionError(gw + " is up after its restart but routes are broken:" + bad);
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_to_ready", KillReplicaCheck.round(back));
        m.put("seconds_unreachable", KillReplicaCheck.round(outage));
        m.put("seconds_restart_call", KillReplicaCheck.round(restartCall));
        Report.attachJson("gateway restart", BenchmarkJson.named("recovery").put("recovery.gateway-restart", m));
        return back;
    }

    /** True once none of the {@code before} replicas runs any more (checked until {@code deadlineNanos}). */
    private boolean awaitReplaced(String gw, List<String> before, long deadlineNanos) {
        while (true) {
            if (stack.replicaIds(gw).stream().noneMatch(before::contains)) {
                return true;
            }
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            KillReplicaCheck.sleep(Duration.ofMillis(500));
        }
    }

    private int awaitStatus(HttpClient http, String path, int want, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int code;
        do {
            code = status(http, path, jwt);
            if (code == want) {
                return code;
            }
            KillReplicaCheck.sleep(Duration.ofMillis(300));
        } while (System.nanoTime() < deadline);
        return code;
    }

    /** Status through the gateway's https endpoint on loopback; 0 when nothing answered. */
    private int status(HttpClient http, String path, String bearer) {
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
