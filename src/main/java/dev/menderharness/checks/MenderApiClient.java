package dev.menderharness.checks;

import dev.menderharness.contract.MenderApi;
import dev.menderharness.cluster.InsecureTls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menderharness.support.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Talks to a Mender server through its gateway the way the GUI and devices do: user login, management
 * calls with the user JWT, device auth requests signed with the device key, device acceptance, artifact
 * upload. Redirects are never followed here (the redirect checks look at them); TLS accepts the
 * stack's self-signed certificate. Every call returns an {@link ApiResponse}; the flow helpers
 * ({@link #login}, {@link #acceptDevice}, ...) throw {@link AssertionError} naming the call that
 * failed, so a check that uses them fails with a message a person can act on.
 */
public final class MenderApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final HttpClient http;

    private MenderApiClient(URI base, HttpClient.Redirect redirects) {
        this.base = stripTrailingSlash(base);
        this.http = HttpClient.newBuilder()
                .sslContext(InsecureTls.context())
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(redirects)
                .build();
    }

    /** A client for {@code base} (normally {@code stack.gateway().https()}) that never follows redirects. */
    public static MenderApiClient of(URI base) {
        return new MenderApiClient(base, HttpClient.Redirect.NEVER);
    }

    /**
     * A client that follows redirects like a browser (307/308 keep method and body; never HTTPS to HTTP),
     * for the "login through the plain-HTTP port" check.
     */
    public static MenderApiClient followingRedirects(URI base) {
        return new MenderApiClient(base, HttpClient.Redirect.NORMAL);
    }

    public URI base() {
        return base;
    }

    // ---------------------------------------------------------------- plain calls

    public ApiResponse get(String path, String bearer) {
        return send("GET", path, bearer, null, null);
    }

    public ApiResponse get(String path) {
        return get(path, null);
    }

    /** Any method; {@code body} may be null; {@code bearer} may be null for unauthenticated calls. */
    public ApiResponse send(String method, String path, String bearer, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return exchange(b, method);
    }

    /** Sends a prepared request (for headers this class does not know), relative paths resolved against the base. */
    public ApiResponse exchange(HttpRequest.Builder request, String method) {
        HttpRequest req = request.build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // r.uri() is where the answer came from (after redirects, when this client follows them).
            return new ApiResponse(method, r.uri(), r.statusCode(), r.body(),
                    r.headers().firstValue("Location"), r.headers().firstValue("Content-Type"), took);
        } catch (IOException e) {
            throw new AssertionError(method + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + req.uri() + " interrupted", e);
        }
    }

    // ---------------------------------------------------------------- users

    /** POST login with HTTP Basic; the raw response (200 + JWT on success). */
    public ApiResponse loginResponse(String username, String password) {
        SecretMasker.register(password);
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        SecretMasker.register(basic);
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(MenderApi.LOGIN)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.noBody());
        return exchange(b, "POST");
    }

    /** Logs in and returns the user JWT; AssertionError unless 200 with a JWT body. */
    public String login(String username, String password) {
        ApiResponse r = loginResponse(username, password);
        if (r.status() != 200 || !looksLikeJwt(r.body())) {
            throw new AssertionError("login of " + username + " failed: expected 200 with a JWT, got " + r.summary());
        }
        String jwt = r.body().trim();
        SecretMasker.register(jwt);
        return jwt;
    }

    public static boolean looksLikeJwt(String s) {
        return s != null && s.trim().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    // ---------------------------------------------------------------- devices

    /** POST auth_requests with the signed body: 401 while pending, 200 + device JWT once accepted. */
    public ApiResponse authRequest(DeviceIdentity device) {
        byte[] body = device.authRequestBody();
        HttpRequest.Builder b = HttpRequest.newBuilder(resolve(MenderApi.AUTH_REQUESTS)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-MEN-Signature", device.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return exchange(b, "POST");
    }

    /** Device id and auth-set id of {@code device} as deviceauth lists them. */
    public record DeviceAuthSet(String deviceId, String authSetId, String status) {
    }

    /**
     * Finds the device (by its MAC in identity_data) in the devauth list, polling up to {@code wait}
     * because deviceauth may write it after answering.
     */
    public DeviceAuthSet findDevice(String userJwt, DeviceIdentity device, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        ApiResponse last;
        do {
            last = get(MenderApi.DEVAUTH_DEVICES, userJwt);
            if (last.status() == 200) {
                Optional<DeviceAuthSet> found = parseDevice(last.body(), device);
                if (found.isPresent()) {
                    return found.get();
                }
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("device " + device.mac() + " not listed by deviceauth within " + wait.toSeconds()
                + " s; last answer: " + last.summary());
    }

    static Optional<DeviceAuthSet> parseDevice(String listJson, DeviceIdentity device) {
        try {
            String pem = device.publicKeyPem().trim();
            for (JsonNode d : JSON.readTree(listJson)) {
                if (!device.mac().equals(d.path("identity_data").path("mac").asText())) {
                    continue;
                }
                for (JsonNode set : d.path("auth_sets")) {
                    if (set.path("pubkey").asText().trim().equals(pem) || d.path("auth_sets").size() == 1) {
                        return Optional.of(new DeviceAuthSet(d.path("id").asText(), set.path("id").asText(),
                                set.path("status").asText()));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("devauth device list is not JSON: " + e.getMessage(), e);
        }
    }

    /** PUT .../auth/<aid>/status {"status":"accepted"}; AssertionError unless 2xx. */
    public DeviceAuthSet acceptDevice(String userJwt, DeviceIdentity device) {
        DeviceAuthSet set = findDevice(userJwt, device, Duration.ofSeconds(10));
        ApiResponse r = send("PUT", MenderApi.DEVAUTH_DEVICES + "/" + set.deviceId() + "/auth/" + set.authSetId() + "/status",
                userJwt, "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        if (r.status() / 100 != 2) {
            throw new AssertionError("accepting device " + device.mac() + " failed: " + r.summary());
        }
        return set;
    }

    /**
     * Full device flow: auth request (must be 401 pending), accept, auth request again (must be 200 with
     * a JWT). Returns the device JWT.
     */
    public String authorizeDevice(String userJwt, DeviceIdentity device) {
        ApiResponse pending = authRequest(device);
        if (pending.status() != 401) {
            throw new AssertionError("first auth request of device " + device.mac()
                    + " should be 401 (pending), got " + pending.summary());
        }
        acceptDevice(userJwt, device);
        ApiResponse accepted = authRequest(device);
        if (accepted.status() != 200 || !looksLikeJwt(accepted.body())) {
            throw new AssertionError("auth request of accepted device " + device.mac()
                    + " should be 200 with a JWT, got " + accepted.summary());
        }
        String jwt = accepted.body().trim();
        SecretMasker.register(jwt);
        return jwt;
    }

    // ---------------------------------------------------------------- artifacts

    /**
     * Uploads a Mender artifact (multipart/form-data: size, artifact) and returns its id from the
     * {@code Location} header of the 201 answer.
     */
    public String uploadArtifact(String userJwt, String fileName, byte[] artifact) {
        String boundary = "harness-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePart(out, boundary, "form-data; name=\"size\"", null, String.valueOf(artifact.length).getBytes(StandardCharsets.UTF_8));
        writePart(out, boundary, "form-data; name=\"artifact\"; filename=\"" + fileName + "\"",
                "application/octet-stream", artifact);
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        ApiResponse r = send("POST", MenderApi.ARTIFACTS, userJwt, out.toByteArray(), "multipart/form-data; boundary=" + boundary);
        if (r.status() != 201 || r.location().isEmpty()) {
            throw new AssertionError("artifact upload of " + fileName + " should be 201 with a Location, got " + r.summary());
        }
        String loc = r.location().get();
        return loc.substring(loc.lastIndexOf('/') + 1);
    }

    private static void writePart(ByteArrayOutputStream out, String boundary, String disposition, String type, byte[] data) {
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
                .append("Content-Disposition: ").append(disposition).append("\r\n");
        if (type != null) {
            h.append("Content-Type: ").append(type).append("\r\n");
        }
        h.append("\r\n");
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- helpers

    public URI resolve(String pathOrUrl) {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            return URI.create(pathOrUrl);
        }
        return URI.create(base + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl);
    }

    private static URI stripTrailingSlash(URI u) {
        String s = u.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
