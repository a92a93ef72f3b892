package dev.menderharness.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * deployments' artifact API through the gateway (contract §6 steps 3–5), with a management JWT:
 * multipart upload, list, download link. Every unexpected answer becomes an AssertionError that
 * says which call, what came back and what that usually means.
 */
public final class ArtifactsClient {

    private static final String ARTIFACTS = "/api/management/v1/deployments/artifacts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI gateway;
    private final String jwt;
    private final HttpClient http = RequestLoop.gatewayClient();

    /** @param gateway the gateway's https base on loopback ({@code stack.gateway().https()}) */
    public ArtifactsClient(URI gateway, String jwt) {
        this.gateway = Loopback.require(gateway);
        this.jwt = jwt;
    }

    /** Uploads the artifact (multipart/form-data, parts {@code size} then {@code artifact}); returns its id. */
    public String upload(MenderArtifact artifact) {
        String boundary = "harness-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "Content-Disposition: form-data; name=\"size\"", String.valueOf(artifact.bytes().length).getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "Content-Disposition: form-data; name=\"artifact\"; filename=\"" + artifact.name() + ".mender\"\r\n"
                + "Content-Type: application/octet-stream", artifact.bytes());
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(gateway.resolve(ARTIFACTS))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> resp = send(req, "upload artifact");
        if (resp.statusCode() != 201) {
            throw new AssertionError("POST " + ARTIFACTS + " answered " + resp.statusCode() + " (want 201): " + trim(resp.body())
                    + (resp.statusCode() == 500 ? " — deployments could not store the artifact; is S3 reachable from it?" : ""));
        }
        String location = resp.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("POST " + ARTIFACTS + " answered 201 without a Location header"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Ids of all artifacts deployments lists. */
    public List<String> listIds() {
        HttpResponse<String> resp = send(get(ARTIFACTS), "list artifacts");
        if (resp.statusCode() != 200) {
            throw new AssertionError("GET " + ARTIFACTS + " answered " + resp.statusCode() + " (want 200): " + trim(resp.body()));
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode a : readJson(resp.body(), "GET " + ARTIFACTS)) {
            ids.add(a.path("id").asText());
        }
        return ids;
    }

    /** The presigned download link deployments hands out for {@code id}. */
    public PresignedLink downloadLink(String id) {
        String path = ARTIFACTS + "/" + id + "/download";
        HttpResponse<String> resp = send(get(path), "get download link");
        if (resp.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + resp.statusCode() + " (want 200): " + trim(resp.body()));
        }
        JsonNode uri = readJson(resp.body(), "GET " + path).path("uri");
        if (!uri.isTextual()) {
            throw new AssertionError("GET " + path + " answered without a \"uri\": " + trim(resp.body()));
        }
        return PresignedLink.parse(uri.asText());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + jwt).GET().build();
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(what + ": " + req.method() + " " + req.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + " did not answer JSON: " + trim(body));
        }
    }

    private static void part(ByteArrayOutputStream out, String boundary, String headers, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        s = s.strip();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
