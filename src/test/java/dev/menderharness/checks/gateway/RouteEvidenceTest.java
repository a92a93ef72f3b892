package dev.menderharness.checks.gateway;

import static dev.menderharness.checks.FakeStack.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.FakeStack;
import dev.menderharness.checks.RecordingReporter;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who answered, from recorded access-log text: a status alone cannot tell (nginx's auth subrequest
 * answers 401 before proxying, a misrouted route still gets an answer).
 */
class RouteEvidenceTest {

    private FakeStack stack;
    private final RecordingReporter reporter = new RecordingReporter();

    @BeforeEach
    void stack() {
        stack = new FakeStack(FakeStack.topology(
                service("mender-deployments", "mendersoftware/deployments:v4.1.3", Map.of(), Set.of(), 1),
                service("mender-inventory", "mendersoftware/inventory:v4.1.3", Map.of(), Set.of(), 1),
                service("mender-useradm", "mendersoftware/useradm:v4.1.3", Map.of(), Set.of(), 1),
                service("mender-device-auth", "mendersoftware/deviceauth:v4.1.3", Map.of(), Set.of(), 1),
                service("mender-api-gateway", "nginx:1.28.0", Map.of(), Set.of(), 1)));
    }

    private static ApiResponse answer(String path, int status, String id) {
        return new ApiResponse("GET", URI.create("https://localhost:4443" + path), status, "", Optional.empty(), Optional.empty(),
                Duration.ofMillis(3), id);
    }

    private static String line(String task, String path, int status, String id) {
        return task + "@node-1    | time=\"2026-08-01T10:00:00Z\" level=info method=GET path=" + path + " request_id=" + id
                + " status=" + status + " type=HTTP/1.1";
    }

    private Failures judge(List<RouteEvidence.Expectation> x) {
        Failures f = new Failures("routing");
        RouteEvidence.judge(stack, reporter, x, Duration.ofMillis(10), f);
        return f;
    }

    @Test
    void theIntendedServiceLoggedTheRequest() {
        stack.logs.put("mender-useradm", line("ref_mender-useradm.1.a", MenderApi.USERADM_VERIFY, 200, "r1"));
        stack.logs.put("mender-deployments", line("ref_mender-deployments.1.b", "/api/management/v1/deployments/artifacts", 200, "r1"));
        Failures f = judge(List.of(new RouteEvidence.Expectation("management route of deployments with a user token",
                answer(MenderApi.ARTIFACTS, 200, "r1"), MenderComponent.DEPLOYMENTS, false, Set.of(200))));
        assertThat(f.isEmpty()).as(String.join("\n", f.messages())).isTrue();
        assertThat(reporter.attachments).anyMatch(a -> a.text().contains("mender-deployments: GET /api/management/v1/deployments/artifacts -> 200"));
    }

    @Test
    void aPrefixRoutedToAnotherServiceIsThatServicesAnswerWhateverTheStatus() {
        // inventory answers deployments' path with its own 404; useradm's verify (the gate) is not the answer
        stack.logs.put("mender-useradm", line("ref_mender-useradm.1.a", MenderApi.USERADM_VERIFY, 200, "r1"));
        stack.logs.put("mender-inventory", line("ref_mender-inventory.1.c", "", 404, "r1"));
        Failures f = judge(List.of(new RouteEvidence.Expectation("management route of deployments with a user token",
                answer(MenderApi.ARTIFACTS, 404, "r1"), MenderComponent.DEPLOYMENTS, false, Set.of(200))));
        assertThat(f.reasons()).containsExactly("ROUTE_WRONG_SERVICE");
        assertThat(f.messages().get(0)).contains("came from mender-inventory: GET (no route) -> 404", "not from deployments",
                "routes this prefix to inventory");
    }

    @Test
    void a401WithoutATokenMustComeFromTheRightAuthService() {
        // a device route gated by useradm's verify instead of deviceauth's: 401 either way
        stack.logs.put("mender-useradm", line("ref_mender-useradm.1.a", MenderApi.USERADM_VERIFY, 401, "r2"));
        Failures f = judge(List.of(new RouteEvidence.Expectation("device route of deployments without a token",
                answer(MenderApi.DEVICE_NEXT_DEPLOYMENT, 401, "r2"), MenderComponent.DEVICEAUTH, true, Set.of(401))));
        assertThat(f.reasons()).containsExactly("ROUTE_WRONG_SERVICE");
        assertThat(f.messages().get(0)).contains("mender-useradm (auth verify)", "not from deviceauth's auth verify");
    }

    @Test
    void aRouteWithoutItsGateIsAnsweredByTheServiceItself() {
        stack.logs.put("mender-deployments", line("ref_mender-deployments.1.b", "/api/devices/v1/deployments/device/deployments/next", 401, "r3"));
        Failures f = judge(List.of(new RouteEvidence.Expectation("device route of deployments without a token",
                answer(MenderApi.DEVICE_NEXT_DEPLOYMENT, 401, "r3"), MenderComponent.DEVICEAUTH, true, Set.of(401))));
        assertThat(f.reasons()).containsExactly("ROUTE_WRONG_SERVICE");
        assertThat(f.messages().get(0)).contains("without asking deviceauth first");
    }

    @Test
    void nobodyLoggedItOrTheRightServiceGaveAnotherStatus() {
        stack.logs.put("mender-deployments", line("ref_mender-deployments.1.b", "/api/devices/v1/deployments/download/configuration/:deployment_id/:device_type/:device_id", 500, "r5"));
        Failures f = judge(List.of(
                new RouteEvidence.Expectation("GET auth_requests", answer(MenderApi.AUTH_REQUESTS, 502, "r4"),
                        MenderComponent.DEVICEAUTH, false, Set.of(405)),
                new RouteEvidence.Expectation("device download link without its signature", answer(MenderApi.DEVICE_DOWNLOAD, 500, "r5"),
                        MenderComponent.DEPLOYMENTS, false, Set.of(400, 403, 404))));
        assertThat(f.reasons()).containsExactly("ROUTE_UNATTRIBUTED", "ROUTE_WRONG_STATUS");
        assertThat(f.messages().get(1)).contains("expected one of");
    }

    private static ApiResponse answer(String path, int status, String id, String body) {
        return new ApiResponse("GET", URI.create("https://localhost:4443" + path), status, body, Optional.empty(), Optional.empty(),
                Duration.ofMillis(3), id);
    }

    @Test
    void deploymentsOwnNoRouteAnswerProvesItWhereItsLogHasNoLine() {
        RouteEvidence.Expectation download = new RouteEvidence.Expectation("device download link without its signature",
                answer(MenderApi.DEVICE_DOWNLOAD, 404, "r6", "{\"error\": \"not found\"}"), MenderComponent.DEPLOYMENTS, false,
                Set.of(400, 403, 404), RouteEvidence.DEPLOYMENTS_NO_ROUTE);
        assertThat(judge(List.of(download)).isEmpty()).isTrue();
        // another Mender service's 404 carries the request id; nginx's is HTML: neither is deployments
        for (String body : List.of("{\"error\":\"not found\",\"request_id\":\"r7\"}", "<html>404 Not Found</html>")) {
            RouteEvidence.Expectation other = new RouteEvidence.Expectation("device download link without its signature",
                    answer(MenderApi.DEVICE_DOWNLOAD, 404, "r7", body), MenderComponent.DEPLOYMENTS, false, Set.of(400, 403, 404),
                    RouteEvidence.DEPLOYMENTS_NO_ROUTE);
            assertThat(judge(List.of(other)).reasons()).containsExactly("ROUTE_UNATTRIBUTED");
        }
        // and a service that logged the request is the answer, whatever the body looks like
        stack.logs.put("mender-inventory", line("ref_mender-inventory.1.c", "", 404, "r8"));
        RouteEvidence.Expectation inventory = new RouteEvidence.Expectation("device download link without its signature",
                answer(MenderApi.DEVICE_DOWNLOAD, 404, "r8", "{\"error\":\"not found\"}"), MenderComponent.DEPLOYMENTS, false,
                Set.of(400, 403, 404), RouteEvidence.DEPLOYMENTS_NO_ROUTE);
        assertThat(judge(List.of(inventory)).reasons()).containsExactly("ROUTE_WRONG_SERVICE");
    }
}
