package dev.menderharness.checks;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Waits;
import io.restassured.config.DecoderConfig;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Talks to a Mender server through its gateway the way the GUI and devices do, on REST Assured:
 * user login, management calls with the user JWT, device auth requests signed with the device key,
 * device acceptance, artifact upload.
 *
 * <ul>
 *   <li>Redirects are never followed by {@link #of} (the redirect checks look at them). The
 *       {@link #followingRedirects} variant follows them as a browser (and java.net.http's
 *       {@code NORMAL} policy) does: 307/308 keep method, headers and body, 303 (and 301/302 of a
 *       POST) turn into a body-less GET, HTTPS is never left for HTTP, at most
 *       {@value #MAX_REDIRECTS} hops; each hop is its own call in the report.</li>
 *   <li>TLS accepts the stack's self-signed certificate (relaxed HTTPS validation on each request
 *       of this client; REST Assured's global configuration is never touched).</li>
 *   <li>Paths and queries are sent byte for byte (no URL encoding by REST Assured), and no
 *       charset is added to a content type the caller gave.</li>
 *   <li>Every call is attached to the report through the {@link Reporter}: method, URL, status,
 *       headers, bodies cut to {@value #BODY_IN_REPORT} characters; Authorization headers and JWT
 *       bodies never appear in clear, the rest is masked by {@link SecretMasker}.</li>
 * </ul>
 *
 * Every call returns an {@link ApiResponse}; the flow helpers ({@link #login}, {@link #acceptDevice},
 * ...) throw a {@link CheckFailure} naming the call that failed, so a check that uses them fails with
 * a message a person can act on.
 */
public final class MenderApiClient {

    static final int MAX_REDIRECTS = 5;
    static final int BODY_IN_REPORT = 2000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One configuration for every request of every client: nothing REST Assured would do on its own. */
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false))
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders())
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", (int) CONNECT_TIMEOUT.toMillis())
                    .setParam("http.socket.timeout", (int) REQUEST_TIMEOUT.toMillis()));

    private final URI base;
    private final Reporter reporter;
    private final boolean followRedirects;
    private final boolean tagged;

    private MenderApiClient(URI base, Reporter reporter, boolean followRedirects, boolean tagged) {
        this.base = stripTrailingSlash(base);
        this.reporter = reporter;
        this.followRedirects = followRedirects;
        this.tagged = tagged;
    }

    private MenderApiClient(URI base, Reporter reporter, boolean followRedirects) {
        this(base, reporter, followRedirects, false);
    }

    /**
     * The same client, sending a fresh {@value AccessLogs#REQUEST_ID_HEADER} with every request
     * ({@link ApiResponse#requestId()}), so the service that answered can be found by its access log.
     */
    public MenderApiClient tagged() {
        return new MenderApiClient(base, reporter, followRedirects, true);
    }

    /** A client for {@code base} (normally {@code stack.gateway().https()}) that never follows redirects. */
    public static MenderApiClient of(URI base, Reporter reporter) {
        return new MenderApiClient(base, reporter, false);
    }

    /** A client for the HTTPS endpoint of the context's gateway, reporting to the context's reporter. */
    public static MenderApiClient gateway(CheckContext context) {
        return of(context.stack().gateway().https(), context.reporter());
    }

    /**
     * A client that follows redirects like a browser (307/308 keep method and body; never HTTPS to HTTP),
     * for the "login through the plain-HTTP port" check.
     */
    public static MenderApiClient followingRedirects(URI base, Reporter reporter) {
        return new MenderApiClient(base, reporter, true);
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
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return exchange(new Call(method, resolve(path), headers, body, contentType, List.of()));
    }

    /** One part of a multipart/form-data body: a text field ({@code fileName} null) or a file. */
    record Part(String name, String fileName, byte[] content, String mimeType) {
    }

    /** A request as this client sends it; {@code parts} non-empty makes it multipart/form-data. */
    record Call(String method, URI uri, Map<String, String> headers, byte[] body, String contentType, List<Part> parts) {
    }

    private ApiResponse exchange(Call call) {
        if (tagged && call.headers().keySet().stream().noneMatch(AccessLogs.REQUEST_ID_HEADER::equalsIgnoreCase)) {
            Map<String, String> headers = new LinkedHashMap<>(call.headers());
            headers.put(AccessLogs.REQUEST_ID_HEADER, AccessLogs.newRequestId(call.method().toLowerCase(Locale.ROOT)));
            call = new Call(call.method(), call.uri(), headers, call.body(), call.contentType(), call.parts());
        }
        ApiResponse r = once(call);
        Call current = call;
        for (int hop = 0; followRedirects && hop < MAX_REDIRECTS && REDIRECTS.contains(r.status()) && r.location().isPresent(); hop++) {
            URI next = RedirectFollowing.target(current.uri(), r.location().get());
            if (next == null) {
                break; // HTTPS to HTTP, or a Location that is no URL: the answer stands, as a browser leaves it
            }
            current = RedirectFollowing.next(current, r.status(), next);
            r = once(current);
        }
        return r;
    }

    private ApiResponse once(Call call) {
        URI uri = RedirectFollowing.explicitPort(call.uri());
        RequestSpecification spec = given()
                .config(CONFIG)
                .urlEncodingEnabled(false)
                .relaxedHTTPSValidation("TLS")
                .filter(new ReportingFilter(reporter));
        call.headers().forEach(spec::header);
        if (!call.parts().isEmpty()) {
            spec.contentType("multipart/form-data");
            for (Part p : call.parts()) {
                if (p.fileName() == null) {
                    spec.multiPart(p.name(), new String(p.content(), StandardCharsets.UTF_8));
                } else {
                    spec.multiPart(p.name(), p.fileName(), p.content(), p.mimeType());
                }
            }
        } else if (call.body() != null) {
            spec.contentType(call.contentType() == null ? "application/octet-stream" : call.contentType()).body(call.body());
        } else {
            spec.noContentType();
        }
        Response r;
        try {
            r = spec.when().request(call.method(), uri.toString());
        } catch (Exception e) { // REST Assured throws the client's checked IOExceptions unwrapped
            throw new CheckFailure("REQUEST_FAILED", call.method() + " " + call.uri() + " failed: " + e, e);
        }
        String requestId = call.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(AccessLogs.REQUEST_ID_HEADER))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return new ApiResponse(call.method(), call.uri(), r.statusCode(), new String(r.asByteArray(), StandardCharsets.UTF_8),
                Optional.ofNullable(r.header("Location")), Optional.ofNullable(r.header("Content-Type")),
                Duration.ofMillis(r.timeIn(TimeUnit.MILLISECONDS)), requestId);
    }

    // ---------------------------------------------------------------- users

    /** POST login with HTTP Basic; the raw response (200 + JWT on success). */
    public ApiResponse loginResponse(String username, String password) {
        SecretMasker.register(password);
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        SecretMasker.register(basic);
        return exchange(new Call("POST", resolve(MenderApi.LOGIN), Map.of("Authorization", "Basic " + basic), null, null, List.of()));
    }

    /** Logs in and returns the user JWT; {@link CheckFailure} LOGIN_FAILED unless 200 with a JWT body. */
    public String login(String username, String password) {
        ApiResponse r = loginResponse(username, password);
        if (r.status() != 200 || !looksLikeJwt(r.body())) {
            throw new CheckFailure("LOGIN_FAILED", "login of " + username + " failed: expected 200 with a JWT, got " + r.summary());
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
        return exchange(new Call("POST", resolve(MenderApi.AUTH_REQUESTS), Map.of("X-MEN-Signature", device.sign(body)),
                body, "application/json", List.of()));
    }

    /** Device id and auth-set id of {@code device} as deviceauth lists them. */
    public record DeviceAuthSet(String deviceId, String authSetId, String status) {
    }

    /**
     * Finds the device (by its MAC in identity_data) in the devauth list, polling up to {@code wait}
     * because deviceauth may write it after answering.
     */
    public DeviceAuthSet findDevice(String userJwt, DeviceIdentity device, Duration wait) {
        AtomicReference<ApiResponse> last = new AtomicReference<>();
        return Waits.atMost(wait).every(Duration.ofMillis(250)).until(() -> {
            ApiResponse r = get(MenderApi.DEVAUTH_DEVICES, userJwt);
            last.set(r);
            return r.status() == 200 ? parseDevice(r.body(), device) : Optional.empty();
        }, () -> "not listed", state -> new CheckFailure("DEVICE_NOT_LISTED", "device " + device.mac()
                + " not listed by deviceauth within " + wait.toSeconds() + " s; last answer: " + last.get().summary()));
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
            throw new CheckFailure("NOT_JSON", "devauth device list is not JSON: " + e.getMessage(), e);
        }
    }

    /** PUT .../auth/<aid>/status {"status":"accepted"}; {@link CheckFailure} DEVICE_NOT_ACCEPTED unless 2xx. */
    public DeviceAuthSet acceptDevice(String userJwt, DeviceIdentity device) {
        DeviceAuthSet set = findDevice(userJwt, device, Duration.ofSeconds(10));
        ApiResponse r = send("PUT", MenderApi.authSetStatus(set.deviceId(), set.authSetId()),
                userJwt, "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        if (r.status() / 100 != 2) {
            throw new CheckFailure("DEVICE_NOT_ACCEPTED", "accepting device " + device.mac() + " failed: " + r.summary());
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
            throw new CheckFailure("DEVICE_NOT_PENDING", "first auth request of device " + device.mac()
                    + " should be 401 (pending), got " + pending.summary());
        }
        acceptDevice(userJwt, device);
        ApiResponse accepted = authRequest(device);
        if (accepted.status() != 200 || !looksLikeJwt(accepted.body())) {
            throw new CheckFailure("DEVICE_TOKEN_REFUSED", "auth request of accepted device " + device.mac()
                    + " should be 200 with a JWT, got " + accepted.summary());
        }
        String jwt = accepted.body().trim();
        SecretMasker.register(jwt);
        return jwt;
    }

    // ---------------------------------------------------------------- artifacts

    /**
     * Uploads a Mender artifact (multipart/form-data: size, then artifact) and returns its id from the
     * {@code Location} header of the 201 answer.
     */
    public String uploadArtifact(String userJwt, String fileName, byte[] artifact) {
        List<Part> parts = List.of(
                new Part("size", null, String.valueOf(artifact.length).getBytes(StandardCharsets.UTF_8), null),
                new Part("artifact", fileName, artifact, "application/octet-stream"));
        ApiResponse r = exchange(new Call("POST", resolve(MenderApi.ARTIFACTS), Map.of("Authorization", "Bearer " + userJwt),
                null, null, parts));
        if (r.status() != 201 || r.location().isEmpty()) {
            throw new CheckFailure("ARTIFACT_UPLOAD_FAILED", "artifact upload of " + fileName
                    + " should be 201 with a Location, got " + r.summary());
        }
        String loc = r.location().get();
        return loc.substring(loc.lastIndexOf('/') + 1);
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

    /** How a followed redirect changes the request (java.net.http's {@code NORMAL} policy). */
    static final class RedirectFollowing {

        private RedirectFollowing() {
        }

        /** Where a Location leads from {@code from}; null when it must not be followed (HTTPS to HTTP, unparsable). */
        static URI target(URI from, String location) {
            URI to;
            try {
                to = from.resolve(URI.create(location.trim()));
            } catch (IllegalArgumentException e) {
                return null;
            }
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return null;
            }
            if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
                return null;
            }
            return to;
        }

        /**
         * The request after a redirect with {@code status} to {@code to}: 303, and 301/302 of a POST,
         * become a GET without body; 307/308 (and 301/302 of other methods) keep method and body.
         * Headers are kept, except Authorization when the host changes.
         */
        static Call next(Call from, int status, URI to) {
            boolean toGet = status == 303 || ((status == 301 || status == 302) && from.method().equals("POST"));
            Map<String, String> headers = new LinkedHashMap<>(from.headers());
            if (!sameHost(from.uri(), to)) {
                headers.keySet().removeIf(h -> h.equalsIgnoreCase("Authorization"));
            }
            return toGet ? new Call("GET", to, headers, null, null, List.of())
                    : new Call(from.method(), to, headers, from.body(), from.contentType(), from.parts());
        }

        private static boolean sameHost(URI a, URI b) {
            return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
        }

        /**
         * The URI with its port written out: REST Assured sends a port-less {@code localhost} URL to
         * port 8080, not to the scheme's default.
         */
        static URI explicitPort(URI u) {
            if (u.getPort() > 0 || u.getHost() == null) {
                return u;
            }
            int port = "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            String s = u.toString();
            int hostEnd = s.indexOf(u.getRawAuthority()) + u.getRawAuthority().length();
            return URI.create(s.substring(0, hostEnd) + ":" + port + s.substring(hostEnd));
        }
    }
}
