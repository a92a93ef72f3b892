package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.checks.MenderArtifact;
import dev.menderharness.stack.DeploySecrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The fixture images against the Mender contract (docs/mender-contract.md), on a
 * plain bridge network of our own: liveness and health codes with dependencies up and down,
 * workflows status, useradm create-user and login, an artifact upload landing in the S3 bucket.
 * The gateway runs the manifests' own nginx template (manifests/gateway) with per-run TLS material
 * from DeploySecrets, as a deployer would mount them.
 */
@Tag("contract")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandinContractIT {
    private static final String RUN_LABEL = "dev.menderharness.run";
    private static final String RUN_ID = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BUCKET = "mender-artifact-storage";
    private static final String S3_KEY = "minio";
    private static final String S3_SECRET = "minio-" + UUID.randomUUID();
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** JVM stand-ins on a loaded 2-core CI host. */
    private static final Duration STARTUP = Duration.ofSeconds(150);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static Network network;
    private static GenericContainer<?> mongo, minio, nats, workflows, inventory, deviceauth, useradm, deployments, gui, gateway;
    private static HttpClient https;
    private static String userJwt;

    @BeforeAll
    static void startStack() throws Exception {
        ImagePolicy policy = ImagePolicy.of("fixture", null,
                Path.of(System.getProperty("project.basedir", System.getProperty("user.dir"))));
        network = Network.builder().createNetworkCmdModifier(c -> c.withLabels(Map.of(RUN_LABEL, RUN_ID))).build();
        Path basedir = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Map<String, byte[]> secrets = DeploySecrets.generate();
        https = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .sslContext(trusting(secrets.get(DeploySecrets.GATEWAY_TLS_CERT))).build();

        mongo = container(policy.resolve("mongo:8.0.28"), "mender-mongo", 27017).waitingFor(Wait.forListeningPort());
        minio = container(policy.resolve("minio/minio:RELEASE.2025-04-22T22-12-26Z"), "minio", 9000)
                .withCommand("server", "/data")
                .withEnv("MINIO_ROOT_USER", S3_KEY).withEnv("MINIO_ROOT_PASSWORD", S3_SECRET)
                .waitingFor(Wait.forHttp("/minio/health/live").forStatusCode(200));
        nats = container(policy.resolve("nats:2.10.29-alpine"), "mender-nats", 4222, 8222)
                .withCommand("-js", "-m", "8222")
                .waitingFor(Wait.forHttp("/healthz").forPort(8222).forStatusCode(200));
        startAll(mongo, minio, nats);

        workflows = container(policy.resolve("mendersoftware/workflows:v4.1.3"), "mender-workflows-server", 8080)
                .withCommand("server", "--automigrate")
                .withEnv("WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017")
                .withEnv("WORKFLOWS_NATS_URI", "nats://mender-nats:4222")
                .waitingFor(Wait.forHttp("/status").forStatusCode(200));
        inventory = service(policy.resolve("mendersoftware/inventory:v4.1.3"), "mender-inventory", "inventory")
                .withEnv("INVENTORY_MONGO", "mongodb://mender-mongo:27017")
                .withEnv("INVENTORY_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080");
        useradm = service(policy.resolve("mendersoftware/useradm:v4.1.3"), "mender-useradm", "useradm")
                .withEnv("USERADM_MONGO", "mongodb://mender-mongo:27017")
                .withCopyToContainer(secret(secrets, DeploySecrets.USERADM_PRIVATE_KEY), DeploySecrets.item(DeploySecrets.USERADM_PRIVATE_KEY).mountPath());
        gui = container(policy.resolve("mendersoftware/gui:v4.1.3"), "mender-gui", 8090)
                .waitingFor(Wait.forHttp("/ui/").forPort(8090).forStatusCode(200));
        startAll(workflows, inventory, useradm, gui);

        deviceauth = service(policy.resolve("mendersoftware/deviceauth:v4.1.3"), "mender-device-auth", "devauth")
                .withEnv("DEVICEAUTH_MONGO", "mongodb://mender-mongo:27017")
                .withEnv("DEVICEAUTH_INVENTORY_ADDR", "http://mender-inventory:8080/")
                .withEnv("DEVICEAUTH_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080/")
                .withCopyToContainer(secret(secrets, DeploySecrets.DEVICEAUTH_PRIVATE_KEY), DeploySecrets.item(DeploySecrets.DEVICEAUTH_PRIVATE_KEY).mountPath());
        deployments = service(policy.resolve("mendersoftware/deployments:v4.1.3"), "mender-deployments", "deployments")
                .withEnv("DEPLOYMENTS_MONGO_URL", "mongodb://mender-mongo:27017")
                .withEnv("DEPLOYMENTS_AWS_URI", "http://minio:9000")
                .withEnv("DEPLOYMENTS_AWS_EXTERNAL_URI", "https://s3.docker.mender.io")
                .withEnv("DEPLOYMENTS_AWS_AUTH_KEY", S3_KEY)
                .withEnv("DEPLOYMENTS_AWS_AUTH_SECRET", S3_SECRET)
                .withEnv("DEPLOYMENTS_STORAGE_BUCKET", BUCKET)
                .withEnv("DEPLOYMENTS_INVENTORY_ADDR", "http://mender-inventory:8080")
                .withEnv("DEPLOYMENTS_MENDER_WORKFLOWS", "http://mender-workflows-server:8080");
        gateway = container(policy.resolve("nginx:1.28.0"), "mender-api-gateway", 80, 443)
                .withEnv("NGINX_ENTRYPOINT_LOCAL_RESOLVERS", "1")
                .withEnv("MENDER_UPSTREAM_DOMAIN", "")
                .withEnv("MENDER_EXTERNAL_URL", "")
                .withCopyToContainer(Transferable.of(Files.readString(basedir.resolve("manifests/gateway/default.conf.template"))),
                        "/etc/nginx/templates/default.conf.template")
                .withCopyToContainer(secret(secrets, DeploySecrets.GATEWAY_TLS_CERT), DeploySecrets.item(DeploySecrets.GATEWAY_TLS_CERT).mountPath())
                .withCopyToContainer(secret(secrets, DeploySecrets.GATEWAY_TLS_KEY), DeploySecrets.item(DeploySecrets.GATEWAY_TLS_KEY).mountPath())
                .waitingFor(Wait.forHttp("/healthz").forPort(80).forStatusCode(200));
        startAll(deviceauth, deployments, gateway);
    }

    @AfterAll
    static void stopStack() {
        for (GenericContainer<?> c : new GenericContainer<?>[] {gateway, deployments, deviceauth, gui, useradm, inventory, workflows, nats, minio, mongo}) {
            if (c != null) c.stop();
        }
        if (network != null) network.close();
    }

    @Test
    @Order(1)
    void servicesAreAliveAndHealthyWithEveryDependencyUp() {
        for (var svc : List.of(Map.entry(deployments, "deployments"), Map.entry(deviceauth, "devauth"),
                Map.entry(useradm, "useradm"), Map.entry(inventory, "inventory"))) {
            assertThat(get(svc.getKey(), 8080, "/api/internal/v1/" + svc.getValue() + "/alive").statusCode())
                    .as(svc.getValue() + " alive").isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(svc.getKey(), 8080, "/api/internal/v1/" + svc.getValue() + "/health").statusCode())
                            .as(svc.getValue() + " health").isEqualTo(204));
        }
        assertThat(get(workflows, 8080, "/api/v1/health").statusCode()).isEqualTo(204);
    }

    @Test
    @Order(1)
    void workflowsStatusIsOk() {
        HttpResponse<String> status = get(workflows, 8080, "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body().replace(" ", "")).contains("\"status\":\"ok\"");
    }

    @Test
    @Order(2)
    void standinsSendNoHeaderOfTheirOwn() {
        HttpResponse<String> alive = get(useradm, 8080, "/api/internal/v1/useradm/alive");
        assertThat(alive.statusCode()).isEqualTo(204);
        assertThat(alive.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-standin"));
        assertThat(get(gui, 8090, "/ui/").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void serviceImagesHaveNoShellButRunTheirBinaryByExec() throws Exception {
        for (GenericContainer<?> c : List.of(useradm, deployments, deviceauth, inventory, workflows)) {
            Container.ExecResult sh;
            try {
                sh = c.execInContainer("sh", "-c", "true");
            } catch (Exception e) {
                continue; // the engine refused to start it: no sh, as upstream
            }
            assertThat(sh.getExitCode()).as("sh in " + c.getDockerImageName() + ": " + sh.getStderr()).isIn(126, 127);
        }
        Container.ExecResult version = useradm.execInContainer("useradm", "--version");
        assertThat(version.getExitCode()).as(version.getStderr()).isZero();
    }

    @Test
    @Order(2)
    void everyHealthCommandOfTheReferenceStackPassesInItsFixture() throws Exception {
        Path basedir = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        Map<String, GenericContainer<?>> byImage = Map.of("nginx:1.28.0", gateway, "mongo:8.0.28", mongo,
                "nats:2.10.29-alpine", nats, "minio/minio:RELEASE.2025-04-22T22-12-26Z", minio, "mendersoftware/gui:v4.1.3", gui);
        List<ManifestHealthchecksTest.HealthCommand> commands = new java.util.ArrayList<>(
                ManifestHealthchecksTest.swarm(basedir.resolve("manifests/swarm/stack.yml")));
        commands.addAll(ManifestHealthchecksTest.kubernetes(basedir.resolve("manifests/kubernetes")));
        assertThat(commands).isNotEmpty();
        for (ManifestHealthchecksTest.HealthCommand h : commands) {
            GenericContainer<?> c = byImage.get(h.image());
            assertThat(c).as("a running fixture for " + h.image() + " (" + h.where() + ")").isNotNull();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Container.ExecResult r = c.execInContainer(h.argv().toArray(String[]::new));
                assertThat(r.getExitCode()).as(h.where() + " " + h.argv() + ": " + r.getStdout() + r.getStderr()).isZero();
            });
        }
    }

    @Test
    @Order(2)
    void requestIdsAreEchoedAndInTheAccessLogWithTheRouteTemplate() {
        String rid = "contract-" + UUID.randomUUID();
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(url(useradm, 8080, "/api/management/v1/useradm/users/some-id"))
                    .header("X-MEN-RequestID", rid).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-MEN-RequestID")).hasValue(rid);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(useradm.getLogs().lines()
                .filter(l -> l.contains("request_id=" + rid)).toList()).singleElement().satisfies(l -> assertThat(l)
                        .contains("level=warning", "path=\"/api/management/v1/useradm/users/:id\"", "path_params=\"id=some-id\"", "status=401")));
    }

    @Test
    @Order(3)
    void useradmCreateUserThenLoginGivesAJwt() throws Exception {
        Container.ExecResult created = useradm.execInContainer("useradm", "create-user",
                "--username", "admin@example.com", "--password", "correct-horse-battery");
        assertThat(created.getExitCode()).as(created.getStderr()).isZero();
        HttpResponse<String> wrong = login("admin@example.com", "wrong-password-123");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> ok = login("admin@example.com", "correct-horse-battery");
        assertThat(ok.statusCode()).isEqualTo(200);
        userJwt = ok.body().trim();
        assertThat(userJwt.split("\\.")).hasSize(3);
    }

    @Test
    @Order(4)
    void uploadedArtifactLandsInTheBucket() throws Exception {
        assertThat(userJwt).as("login test ran first").isNotNull();
        byte[] artifact = MenderArtifact.create("contract-" + RUN_ID, "qemux86-64",
                ("contract test payload " + RUN_ID).getBytes(StandardCharsets.UTF_8)).bytes();
        String boundary = "----contract" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"size\"\r\n\r\n" + artifact.length + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"contract.mender\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(artifact);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        int before = bucketObjects().size();
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(url(deployments, 8080, "/api/management/v1/deployments/artifacts"))
                .header("Authorization", "Bearer " + userJwt)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String id = upload.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElseThrow();
        List<S3Object> after = bucketObjects();
        assertThat(after).hasSize(before + 1);
        assertThat(after).anySatisfy(o -> assertThat(o.key()).contains(id));
    }

    @Test
    @Order(5)
    void gatewayRoutesLoginAndChecksUserTokens() throws Exception {
        assertThat(userJwt).as("login test ran first").isNotNull();
        String basic = Base64.getEncoder().encodeToString("admin@example.com:correct-horse-battery".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(gatewayUrl("/api/management/v1/useradm/auth/login"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        URI artifacts = gatewayUrl("/api/management/v1/deployments/artifacts");
        assertThat(https.send(HttpRequest.newBuilder(artifacts).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("no token").isEqualTo(401);
        HttpResponse<String> listed = https.send(HttpRequest.newBuilder(artifacts).header("Authorization", "Bearer " + login.body().trim())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("contract");
        HttpResponse<String> plain = get(gateway, 80, "/api/management/v1/deployments/artifacts");
        assertThat(plain.statusCode()).isIn(301, 308);
        assertThat(plain.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    }

    @Test
    @Order(7)
    void healthIs503WhileMongoIsStoppedAnd204OnceItIsBack() {
        stop(mongo);
        try {
            await().atMost(OUTAGE).untilAsserted(() -> {
                assertThat(get(useradm, 8080, "/api/internal/v1/useradm/health").statusCode()).as("useradm").isEqualTo(503);
                assertThat(get(inventory, 8080, "/api/internal/v1/inventory/health").statusCode()).as("inventory").isEqualTo(503);
                assertThat(get(deviceauth, 8080, "/api/internal/v1/devauth/health").statusCode()).as("deviceauth").isEqualTo(503);
                assertThat(get(deployments, 8080, "/api/internal/v1/deployments/health").statusCode()).as("deployments").isEqualTo(503);
                assertThat(get(workflows, 8080, "/api/v1/health").statusCode()).as("workflows").isEqualTo(503);
            });
            assertThat(get(useradm, 8080, "/api/internal/v1/useradm/alive").statusCode()).as("alive without mongo").isEqualTo(204);
        } finally {
            start(mongo);
        }
        await().atMost(OUTAGE).untilAsserted(() -> {
            assertThat(get(useradm, 8080, "/api/internal/v1/useradm/health").statusCode()).as("useradm").isEqualTo(204);
            assertThat(get(inventory, 8080, "/api/internal/v1/inventory/health").statusCode()).as("inventory").isEqualTo(204);
            assertThat(get(deviceauth, 8080, "/api/internal/v1/devauth/health").statusCode()).as("deviceauth").isEqualTo(204);
            assertThat(get(deployments, 8080, "/api/internal/v1/deployments/health").statusCode()).as("deployments").isEqualTo(204);
            assertThat(get(workflows, 8080, "/api/v1/health").statusCode()).as("workflows").isEqualTo(204);
        });
        // the user created before the restart is still there: mongo keeps its data on its volume
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(login("admin@example.com", "correct-horse-battery").statusCode()).isEqualTo(200));
    }

    @Test
    @Order(8)
    void deploymentsHealthIs503WhileS3IsUnreachable() {
        stop(minio);
        try {
            await().atMost(OUTAGE).untilAsserted(() ->
                    assertThat(get(deployments, 8080, "/api/internal/v1/deployments/health").statusCode()).isEqualTo(503));
            assertThat(get(useradm, 8080, "/api/internal/v1/useradm/health").statusCode()).as("useradm needs no S3").isEqualTo(204);
        } finally {
            start(minio);
        }
        await().atMost(OUTAGE).untilAsserted(() ->
                assertThat(get(deployments, 8080, "/api/internal/v1/deployments/health").statusCode()).isEqualTo(204));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static GenericContainer<?> container(String image, String alias, Integer... ports) {
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withLabel(RUN_LABEL, RUN_ID)
                .withExposedPorts(ports);
    }

    /** Starts containers side by side; the startup timeout is set last, after each wait strategy. */
    private static void startAll(GenericContainer<?>... containers) {
        for (GenericContainer<?> c : containers) c.withStartupTimeout(STARTUP);
        Startables.deepStart(Stream.of(containers)).join();
    }

    /** A Mender service stand-in on :8080, ready when its alive path answers 204. */
    private static GenericContainer<?> service(String image, String alias, String apiName) {
        return container(image, alias, 8080)
                .waitingFor(Wait.forHttp("/api/internal/v1/" + apiName + "/alive").forStatusCode(204));
    }

    private static HttpResponse<String> login(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(url(useradm, 8080, "/api/management/v1/useradm/auth/login"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(GenericContainer<?> c, int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url(c, port, path)).timeout(Duration.ofSeconds(15)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " on " + c.getNetworkAliases() + ": " + e, e);
        }
    }

    private static URI url(GenericContainer<?> c, int port, String path) {
        return URI.create("http://" + c.getHost() + ":" + c.getMappedPort(port) + path);
    }

    private static List<S3Object> bucketObjects() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://" + minio.getHost() + ":" + minio.getMappedPort(9000)))
                .forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY, S3_SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return s3.listObjectsV2(r -> r.bucket(BUCKET)).contents();
        }
    }

    /** Stops a container in place (its anonymous volumes and network aliases stay), unlike GenericContainer.stop(). */
    private static void stop(GenericContainer<?> c) {
        docker().stopContainerCmd(c.getContainerId()).withTimeout(5).exec();
    }

    private static void start(GenericContainer<?> c) {
        docker().startContainerCmd(c.getContainerId()).exec();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static URI gatewayUrl(String path) {
        return URI.create("https://localhost:" + gateway.getMappedPort(443) + path);
    }

    /** A deploy-time secret as a file readable by the images' non-root users (like a Swarm secret, 0444). */
    private static Transferable secret(Map<String, byte[]> secrets, String name) {
        return Transferable.of(secrets.get(name), 0444);
    }

    /** TLS that trusts exactly this run's gateway certificate. */
    private static SSLContext trusting(byte[] certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certPem)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
