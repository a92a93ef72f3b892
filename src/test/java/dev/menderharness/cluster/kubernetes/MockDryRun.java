package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.util.List;
import java.util.Map;

/**
 * The CRUD mock ignores {@code dryRun=All} and would really create objects, so dry-run requests get
 * expectations: echoed back (accepted) or answered 422 Invalid for the named objects, as an API
 * server rejecting them would.
 */
final class MockDryRun {

    static final List<String> COLLECTIONS = List.of("api/v1/namespaces/%s/configmaps", "api/v1/namespaces/%s/secrets",
            "api/v1/namespaces/%s/persistentvolumeclaims", "api/v1/namespaces/%s/services",
            "apis/apps/v1/namespaces/%s/deployments", "apis/apps/v1/namespaces/%s/statefulsets");

    private MockDryRun() {
    }

    /** {@code rejected}: object name to the reason the "server" gives. */
    static void expect(KubernetesMockServer server, String namespace, Map<String, String> rejected) {
        for (String c : COLLECTIONS) {
            server.expect().post().withPath("/" + c.formatted(namespace) + "?dryRun=All").andReply(new ResponseProvider<>() {
                private Headers headers = Headers.builder().add("Content-Type", "application/json").build();

                @Override
                public int getStatusCode(RecordedRequest request) {
                    return rejectionFor(request, rejected) == null ? 201 : 422;
                }

                @Override
                public Object getBody(RecordedRequest request) {
                    String reason = rejectionFor(request, rejected);
                    if (reason == null) return body(request);
                    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,"
                            + "\"message\":\"" + reason + "\"}";
                }

                @Override
                public Headers getHeaders() {
                    return headers;
                }

                @Override
                public void setHeaders(Headers h) {
                    this.headers = h;
                }
            }).always();
        }
    }

    /** Reading a recorded body consumes it, and the status code and body are asked for separately. */
    private static final Map<RecordedRequest, String> BODIES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static String body(RecordedRequest request) {
        return BODIES.computeIfAbsent(request, RecordedRequest::getUtf8Body);
    }

    /** {@code rejected} keys are {@code Kind/name}. */
    private static String rejectionFor(RecordedRequest request, Map<String, String> rejected) {
        String body = body(request);
        for (Map.Entry<String, String> e : rejected.entrySet()) {
            String[] kn = e.getKey().split("/");
            if (body.contains("\"kind\":\"" + kn[0] + "\"") && body.contains("\"name\":\"" + kn[1] + "\"")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Dry-run updates of existing objects (re-apply): accepted without touching the stored object. */
    static void expectUpdates(KubernetesMockServer server, String namespace, List<ManifestObject> objects) {
        for (ManifestObject o : objects) {
            String plural = o.kind().toLowerCase() + (o.kind().endsWith("s") ? "es" : "s");
            String group = o.object().getApiVersion().contains("/") ? "apis/" + o.object().getApiVersion() : "api/v1";
            String path = "/" + group + "/namespaces/" + namespace + "/" + plural + "/" + o.name() + "?dryRun=All";
            server.expect().put().withPath(path).andReply(200, r -> r.getUtf8Body()).always();
            server.expect().patch().withPath(path).andReply(200, r -> r.getUtf8Body()).always();
        }
    }
}
