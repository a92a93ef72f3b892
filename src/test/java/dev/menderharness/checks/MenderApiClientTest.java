package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.fixtures.standin.Multipart;
import dev.menderharness.support.Pki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST Assured client against local servers: plain HTTP, and HTTPS with a self-signed
 * certificate for another name (as the stack's gateway has). Each server records what it was sent.
 */
class MenderApiClientTest {

    /** What a server saw of one request. */
    record Seen(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJoYXJuZXNzLXVzZXIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

    private HttpServer http;
    private HttpsServer https;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final RecordingReporter reporter = new RecordingReporter();

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex, Seen request) throws IOException;
    }

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        for (HttpServer s : List.of(http, https)) {
            String scheme = s == http ? "http" : "https";
            s.createContext("/", ex -> {
                Seen r = new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                        Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes());
                seen.add(r);
                Handler h = routes.get(scheme + " " + r.rawPath());
                if (h == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    h.handle(ex, r);
                }
                ex.close();
            });
            s.start();
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
        https.stop(0);
    }

    /** A certificate for docker.mender.io, signed by itself: neither trusted nor for "localhost". */
    private static SSLContext selfSigned() throws Exception {
        KeyPair keys = Pki.ecKeyPair();
        var holder = Pki.certificate("docker.mender.io", keys.getPublic(), "docker.mender.io", keys.getPrivate(),
                Pki.Use.SERVER, new Pki.Names(List.of("docker.mender.io"), List.of()), Duration.ofDays(1));
        Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("gateway", keys.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private URI httpBase() {
        return URI.create("http://localhost:" + http.getAddress().getPort());
    }

    private URI httpsBase() {
        return URI.create("https://localhost:" + https.getAddress().getPort());
    }

    private static void answer(HttpExchange ex, int status, String body, String... headers) throws IOException {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private void loginAnswersJwt(String scheme) {
        routes.put(scheme + " " + MenderApi.LOGIN, (ex, r) -> {
            boolean basic = r.header("Authorization") != null && r.header("Authorization").startsWith("Basic ");
            answer(ex, basic && r.method().equals("POST") ? 200 : 401, basic ? JWT : "{\"error\":\"no credentials\"}",
                    "Content-Type", "application/jwt");
        });
    }

    @Test
    void acceptsTheSelfSignedCertificateOfAnotherName() {
        routes.put("https " + MenderApi.USERS, (ex, r) -> answer(ex, 401, "{\"error\":\"unauthorized\"}"));
        ApiResponse r = MenderApiClient.of(httpsBase(), reporter).get(MenderApi.USERS);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.uri()).isEqualTo(httpsBase().resolve(MenderApi.USERS));
        assertThat(r.body()).contains("unauthorized");
    }

    @Test
    void neverFollowsRedirectsUnlessAsked() {
        routes.put("http /a", (ex, r) -> answer(ex, 308, "", "Location", "/b"));
        routes.put("http /b", (ex, r) -> answer(ex, 200, "b"));
        ApiResponse r = MenderApiClient.of(httpBase(), reporter).send("POST", "/a", null, "x".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(r.status()).isEqualTo(308);
        assertThat(r.location()).contains("/b");
        assertThat(seen).extracting(Seen::rawPath).containsExactly("/a");
    }

    @Test
    void followingKeepsMethodHeadersAndBodyOn307And308() {
        routes.put("http /a", (ex, r) -> answer(ex, 307, "", "Location", "/b"));
        routes.put("http /b", (ex, r) -> answer(ex, 308, "", "Location", "/c?x=1"));
        routes.put("http /c", (ex, r) -> answer(ex, 200, "c"));
        ApiResponse r = MenderApiClient.followingRedirects(httpBase(), reporter)
                .send("PUT", "/a", JWT, "{\"k\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.uri()).isEqualTo(httpBase().resolve("/c?x=1"));
        assertThat(seen).hasSize(3).allSatisfy(s -> {
            assertThat(s.method()).isEqualTo("PUT");
            assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":1}");
            assertThat(s.header("Authorization")).isEqualTo("Bearer " + JWT);
            assertThat(s.header("Content-Type")).isEqualTo("application/json");
        });
        assertThat(reporter.attachments).hasSize(3);
    }

    @Test
    void followingTurnsA303OrAPostedRedirectIntoABodylessGet() {
        routes.put("http /a", (ex, r) -> answer(ex, 302, "", "Location", "/b"));
        routes.put("http /b", (ex, r) -> answer(ex, 303, "", "Location", "/c"));
        routes.put("http /c", (ex, r) -> answer(ex, 200, "c"));
        ApiResponse r = MenderApiClient.followingRedirects(httpBase(), reporter)
                .send("POST", "/a", null, "body".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertThat(r.status()).isEqualTo(200);
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "GET", "GET");
        assertThat(seen.get(1).body()).isEmpty();
        assertThat(seen.get(1).header("Content-Type")).isNull();
    }

    @Test
    void followsPlainHttpToHttpsOnAnotherPortButNeverBack() {
        // the redirect check's login: POSTed to the HTTP port, 308 to the HTTPS port, same method and credentials
        routes.put("http " + MenderApi.LOGIN, (ex, r) -> answer(ex, 308, "", "Location", httpsBase() + MenderApi.LOGIN));
        loginAnswersJwt("https");
        ApiResponse login = MenderApiClient.followingRedirects(httpBase(), reporter).loginResponse("user@example.com", "pw-secret-1");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.uri().getScheme()).isEqualTo("https");
        assertThat(login.body()).isEqualTo(JWT);
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "POST");

        seen.clear();
        routes.put("https /down", (ex, r) -> answer(ex, 301, "", "Location", httpBase() + "/plain"));
        routes.put("http /plain", (ex, r) -> answer(ex, 200, "plain"));
        ApiResponse down = MenderApiClient.followingRedirects(httpsBase(), reporter).get("/down");
        assertThat(down.status()).isEqualTo(301);
        assertThat(seen).extracting(Seen::rawPath).containsExactly("/down");
    }

    @Test
    void sendsPathQueryAndBodyByteForByteWithTheCallersContentType() {
        routes.put("http " + MenderApi.USERS + "/probe", (ex, r) -> answer(ex, 404, ""));
        MenderApiClient api = MenderApiClient.of(httpBase(), reporter);
        api.get(MenderApi.USERS + "/probe?page=2&per_page=5&q=a%20b");
        assertThat(seen.get(0).rawQuery()).isEqualTo("page=2&per_page=5&q=a%20b");

        DeviceIdentity device = DeviceIdentity.generate("02:00:00:00:00:01");
        routes.put("http " + MenderApi.AUTH_REQUESTS, (ex, r) -> answer(ex,
                DeviceIdentity.verify(device.publicKey(), r.body(), r.header("X-MEN-Signature")) ? 401 : 400, ""));
        assertThat(api.authRequest(device).status()).as("signature verified over the bytes received").isEqualTo(401);
        Seen auth = seen.get(1);
        assertThat(auth.body()).isEqualTo(device.authRequestBody());
        assertThat(auth.header("Content-Type")).isEqualTo("application/json");

        api.get(MenderApi.USERS + "/probe");
        assertThat(seen.get(2).header("Content-Type")).isNull();
        assertThat(seen.get(2).header("Accept-Encoding")).isNull();
        api.send("POST", MenderApi.USERS + "/probe", null, null, null);
        assertThat(seen.get(3).method()).isEqualTo("POST");
        assertThat(seen.get(3).header("Content-Type")).as("a POST without body has no content type").isNull();
        assertThat(seen.get(3).header("Content-Length")).isEqualTo("0");
    }

    @Test
    void uploadsAnArtifactAsDeploymentsParsesIt() throws Exception {
        byte[] artifact = new byte[100_000];
        new Random(5).nextBytes(artifact);
        routes.put("http " + MenderApi.ARTIFACTS, (ex, r) -> {
            String boundary = Multipart.boundary(r.header("Content-Type"));
            try (Multipart m = Multipart.read(new ByteArrayInputStream(r.body()), boundary, 10_000_000)) {
                boolean ok = m.parts().get(0).name().equals("size") && m.text(m.part("size")).equals("100000")
                        && m.part("artifact").filename().equals("a.mender") && m.part("artifact").length() == artifact.length;
                answer(ex, ok ? 201 : 400, "", "Location", MenderApi.ARTIFACTS + "/0b4c5d1e-id");
            }
        });
        String id = MenderApiClient.of(httpBase(), reporter).uploadArtifact(JWT, "a.mender", artifact);
        assertThat(id).isEqualTo("0b4c5d1e-id");
        String report = reporter.allAttached();
        assertThat(report).contains("part artifact (file a.mender, 100000 bytes, application/octet-stream)")
                .doesNotContain(JWT);
    }

    @Test
    void everyCallIsInTheReportWithoutCredentialsOrTokens() {
        loginAnswersJwt("http");
        routes.put("http " + MenderApi.USERS, (ex, r) -> answer(ex, 200, "[{\"email\":\"user@example.com\"}]",
                "Content-Type", "application/json"));
        MenderApiClient api = MenderApiClient.of(httpBase(), reporter);
        String jwt = api.login("user@example.com", "pw-secret-2");
        api.get(MenderApi.USERS, jwt);

        assertThat(reporter.attachments).hasSize(2);
        RecordingReporter.Attachment login = reporter.attachments.get(0);
        assertThat(login.title()).isEqualTo("HTTP POST " + MenderApi.LOGIN + " -> 200");
        assertThat(login.text()).doesNotContainIgnoringCase("content-type: application/x-www-form-urlencoded");
        assertThat(login.text()).contains("POST " + httpBase() + MenderApi.LOGIN, "Authorization: Basic ****",
                "HTTP/1.1 200", "**** (a JWT").doesNotContain(JWT, "pw-secret-2", "dXNlckBleGFtcGxlLmNvbTpwdy1zZWNyZXQtMg");
        RecordingReporter.Attachment users = reporter.attachments.get(1);
        assertThat(users.text()).contains("Authorization: Bearer ****", "[{\"email\":\"user@example.com\"}]")
                .containsIgnoringCase("content-type: application/json").doesNotContain(JWT);
    }

    @Test
    void longBodiesAreCutInTheReport() {
        routes.put("http /big", (ex, r) -> answer(ex, 200, "x".repeat(5000), "Content-Type", "text/plain"));
        ApiResponse r = MenderApiClient.of(httpBase(), reporter).get("/big");
        assertThat(r.body()).hasSize(5000);
        assertThat(reporter.attachments.get(0).text()).contains("... (3000 more characters)");
    }

    @Test
    void noAnswerIsACheckFailureAndIsReported() {
        http.stop(0);
        assertThatThrownBy(() -> MenderApiClient.of(httpBase(), reporter).get(MenderApi.USERS))
                .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.reason()).isEqualTo("REQUEST_FAILED"))
                .hasMessageStartingWith("GET " + httpBase() + MenderApi.USERS + " failed: ");
        assertThat(reporter.attachments).singleElement()
                .satisfies(a -> assertThat(a.title()).isEqualTo("HTTP GET " + MenderApi.USERS + " -> no answer"));
    }

    @Test
    void theDeviceFlowFindsAcceptsAndAuthorizesADevice() {
        DeviceIdentity device = DeviceIdentity.generate("02:00:00:00:00:02");
        AtomicInteger listed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean accepted = new java.util.concurrent.atomic.AtomicBoolean();
        routes.put("http " + MenderApi.AUTH_REQUESTS, (ex, r) -> answer(ex, accepted.get() ? 200 : 401,
                accepted.get() ? JWT : "{\"error\":\"unauthorized\"}"));
        routes.put("http " + MenderApi.DEVAUTH_DEVICES, (ex, r) -> answer(ex, 200, listed.incrementAndGet() < 3 ? "[]"
                : "[{\"id\":\"d1\",\"identity_data\":{\"mac\":\"02:00:00:00:00:02\"},\"auth_sets\":[{\"id\":\"a1\",\"status\":\"pending\"}]}]"));
        routes.put("http " + MenderApi.authSetStatus("d1", "a1"), (ex, r) -> {
            accepted.set(new String(r.body(), StandardCharsets.UTF_8).contains("accepted"));
            answer(ex, 204, "");
        });
        String deviceJwt = MenderApiClient.of(httpBase(), reporter).authorizeDevice(JWT, device);
        assertThat(deviceJwt).isEqualTo(JWT);
        assertThat(listed.get()).as("deviceauth polled until it listed the device").isEqualTo(3);
    }

    @Test
    void aDeviceNeverListedIsACheckFailure() {
        routes.put("http " + MenderApi.DEVAUTH_DEVICES, (ex, r) -> answer(ex, 200, "[]"));
        DeviceIdentity device = DeviceIdentity.generate("02:00:00:00:00:03");
        assertThatThrownBy(() -> MenderApiClient.of(httpBase(), reporter).findDevice(JWT, device, Duration.ofMillis(600)))
                .isInstanceOfSatisfying(CheckFailure.class, f -> assertThat(f.reason()).isEqualTo("DEVICE_NOT_LISTED"))
                .hasMessageContaining("device 02:00:00:00:00:03 not listed by deviceauth within 0 s; last answer: GET");
    }
}
