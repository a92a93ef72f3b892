package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.GatewayRoutes;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Restarts the gateway: it must answer Mender's readiness probes again within 15 s (401 for a
 * management path without a token, 405 for GET on auth_requests) and every API route must work
 * again with a token, i.e. no configuration was lost with the container.
 */
public final class GatewayRestartCheck {

    public static final Duration BACK_WITHIN = Duration.ofSeconds(15);

    private final RunningStack stack;
    private final String jwt;

    public GatewayRestartCheck(RunningStack stack, String jwt) {
        this.stack = stack;
        this.jwt = jwt;
    }

    /** Returns seconds from the restart until the gateway answered its readiness probes. */
    public double run() {
        String gw = Roles.name(stack, MenderComponent.GATEWAY);
        HttpClient http = RequestLoop.gatewayClient();
        long t0 = System.nanoTime();
        Report.step("restart " + gw, () -> stack.restart(gw));
        double back = Report.step("gateway answers readiness probes within " + BACK_WITHIN.toSeconds() + " s", () -> {
            long deadline = t0 + BACK_WITHIN.toNanos();
            String last = "";
            do {
                int noToken = status(http, GatewayRoutes.UNAUTHENTICATED_PROBE, null);
                int authReq = status(http, GatewayRoutes.AUTH_REQUESTS, null);
                last = "GET " + GatewayRoutes.UNAUTHENTICATED_PROBE + " without token: " + noToken + " (want 401), GET "
                        + GatewayRoutes.AUTH_REQUESTS + ": " + authReq + " (want 405)";
                if (noToken == 401 && authReq == 405) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                KillReplicaCheck.sleep(Duration.ofMillis(250));
            } while (System.nanoTime() < deadline);
            throw new AssertionError(gw + " was not back within " + BACK_WITHIN.toSeconds() + " s of its restart: " + last);
        });
        Report.step("every API route works again with a token", () -> {
            StringBuilder bad = new StringBuilder();
            for (MenderComponent c : dev.menderharness.checks.Roles.STATELESS_APIS) {
                String path = GatewayRoutes.managementGet(c);
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
        Report.attachJson("gateway restart", BenchmarkJson.named("recovery").put("recovery.gateway-restart", m));
        return back;
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
