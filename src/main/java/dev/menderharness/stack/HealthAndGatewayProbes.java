package dev.menderharness.stack;

import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.InsecureTls;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The readiness probes every provider uses (mender-contract.md): from the probe container/pod,
 * {@code GET <internal prefix>/health} answers 204 for each Mender component found by image; from
 * the host through the published gateway (HTTPS, the run's throwaway certificate),
 * {@code GET /api/management/v1/useradm/users} answers 401 (routed, auth enforced) and
 * {@code GET /api/devices/v1/authentication/auth_requests} answers 405 (routed to deviceauth).
 */
public final class HealthAndGatewayProbes implements ReadinessCheck {

    /** One client for every poll: readiness is polled each second until the stack is ready. */
    private final HttpClient http = InsecureTls.httpClient(Duration.ofSeconds(5));

    @Override
    public Optional<String> notReady(RunningStack stack) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec svc : stack.topology().services().values()) {
            Optional<String> health = svc.healthUrl(svc.name());
            if (health.isEmpty()) continue;
            String url = health.get();
            ExecResult r = stack.probe(svc.name(), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "--max-time", "5", url);
            String code = r.stdout().trim();
            if (!"204".equals(code)) problems.add(url + " -> " + (code.isEmpty() ? "no answer" : code));
        }
        if (stack.topology().serviceOf(MenderComponent.GATEWAY).isPresent()) {
            String gateway = gatewayProblem(http, stack.gateway().https());
            if (gateway != null) problems.add(gateway);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Null when the gateway at {@code base} answers 401 on a management path and 405 on GET
     * auth_requests (Mender's own readiness probes); else what it answered. Used on every provider.
     */
    public static String gatewayProblem(HttpClient http, URI base) {
        for (MenderApi.ExpectedStatus probe : MenderApi.GATEWAY_READINESS) {
            String problem = expect(http, base.resolve(probe.path()), probe.status());
            if (problem != null) return problem;
        }
        return null;
    }

    private static String expect(HttpClient http, URI uri, int code) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == code ? null : "gateway GET " + uri + " answered " + r.statusCode() + ", expected " + code;
        } catch (java.io.IOException e) {
            return "gateway GET " + uri + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gateway GET " + uri + " interrupted";
        }
    }

}
