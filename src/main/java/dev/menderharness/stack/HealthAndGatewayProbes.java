package dev.menderharness.stack;

import dev.menderharness.cluster.InsecureTls;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import java.net.URI;
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

    static final String USERS = "/api/management/v1/useradm/users";
    static final String AUTH_REQUESTS = "/api/devices/v1/authentication/auth_requests";

    @Override
    public Optional<String> notReady(RunningStack stack) {
        List<String> problems = new ArrayList<>();
        for (ServiceSpec svc : stack.topology().services().values()) {
            // Port-less services (the workflows worker) have no HTTP API to probe.
            if (svc.image() == null || svc.ports().isEmpty()) continue;
            String path = null;
            for (MenderComponent c : MenderComponent.values()) {
                if (!c.matchesImage(svc.image())) continue;
                if (c.internalApiPrefix() != null) path = c.internalApiPrefix() + "/health";
                else if (c == MenderComponent.WORKFLOWS) path = "/api/v1/health";
            }
            if (path == null) continue;
            String url = "http://" + svc.name() + ":" + svc.ports().get(0) + path;
            ExecResult r = stack.probe(svc.name(), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                    "--max-time", "5", url);
            String code = r.stdout().trim();
            if (!"204".equals(code)) problems.add(url + " -> " + (code.isEmpty() ? "no answer" : code));
        }
        if (stack.topology().serviceOf(MenderComponent.GATEWAY).isPresent()) {
            URI base = stack.gateway().https();
            expect(base, USERS, 401, problems);
            expect(base, AUTH_REQUESTS, 405, problems);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static void expect(URI base, String path, int code, List<String> problems) {
        try {
            HttpResponse<Void> r = InsecureTls.httpClient(Duration.ofSeconds(5)).send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != code) problems.add("gateway GET " + path + " -> " + r.statusCode() + " (want " + code + ")");
        } catch (java.io.IOException e) {
            problems.add("gateway GET " + path + " -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        }
    }

    /** Trusts any certificate: the gateway's is self-signed per run; no hostname check either. */
}
