package dev.menderharness.checks.storage;

import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.HostHeaderFetch;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderArtifact;
import dev.menderharness.checks.PresignedLink;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.Sha256;
import dev.menderharness.checks.dns.NameTargets;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The artifact path end to end: an artifact larger than nginx's default request body limit
 * (1 MiB) uploaded through the gateway lands in the bucket (read straight from S3), its download
 * link carries the configured external URI and not the storage service's internal name, the link
 * returns the same bytes from the host and from inside the stack network, and a link with a
 * tampered signature is refused. Each step stops the check when it fails, so a fault is reported
 * once, by the first step it breaks.
 *
 * <p>Reason codes: {@code DEPLOYMENTS_NOT_HEALTHY}, {@code ARTIFACT_UPLOAD_FAILED},
 * {@code ARTIFACT_NOT_LISTED}, {@code OBJECT_NOT_IN_BUCKET}, {@code CHECKSUM_MISMATCH},
 * {@code DOWNLOAD_LINK_FAILED}, {@code LINK_WRONG_HOST}, {@code LINK_NOT_PATH_STYLE},
 * {@code LINK_NOT_SIGNED}, {@code DOWNLOAD_FROM_HOST_FAILED}, {@code DOWNLOAD_IN_NETWORK_FAILED},
 * {@code TAMPERED_LINK_ACCEPTED}.
 *
 * <p>Variants (docs/check-variants.md): {@code deployments-s3-host-missing} → {@code DEPLOYMENTS_NOT_HEALTHY},
 * {@code gateway-body-size-default} → {@code ARTIFACT_UPLOAD_FAILED}, {@code deployments-external-uri-misspelled}
 * → {@code LINK_WRONG_HOST}, {@code gateway-storage-host-header-dropped} → {@code DOWNLOAD_FROM_HOST_FAILED},
 * {@code swarm-s3-alias-removed} → {@code DOWNLOAD_IN_NETWORK_FAILED}, {@code gateway-caches-artifacts} →
 * {@code TAMPERED_LINK_ACCEPTED}. No manifest breaks the rest on its own: listing, storing and signing are
 * deployments' code against the one S3 endpoint the check also reads ({@code ARTIFACT_NOT_LISTED},
 * {@code OBJECT_NOT_IN_BUCKET}, {@code CHECKSUM_MISMATCH}, {@code DOWNLOAD_LINK_FAILED}, {@code LINK_NOT_SIGNED});
 * virtual-host style links ({@code LINK_NOT_PATH_STYLE}) make deployments' own S3 calls fail first
 * ({@code DEPLOYMENTS_NOT_HEALTHY}).
 */
public final class ArtifactStorageCheck implements Check<ArtifactStorageCheck.Result> {

    /** @param healthy how long deployments may take to be healthy before the upload */
    public record Limits(Duration healthy) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30));
    }

    /**
     * The artifact stored and verified (what later checks compare against), and how long the
     * upload and the host-side download took. Its benchmark: {@code recovery.json}, key
     * {@value #BENCHMARK_KEY}.
     */
    public record Result(StoredArtifact artifact, long uploadMillis, long downloadFromHostMillis) implements CheckResult {

        public static final String BENCHMARK_KEY = "storage.artifact";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("upload_ms", uploadMillis);
            m.put("download_host_ms", downloadFromHostMillis);
            m.put("artifact_bytes", artifact.size());
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    /** More than nginx's default client_max_body_size (1 MiB): a gateway left at the default refuses the upload. */
    static final int PAYLOAD_BYTES = 1536 * 1024;

    private final String jwt;
    private final Limits limits;

    /** @param jwt a management user's login JWT */
    public ArtifactStorageCheck(String jwt, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ArtifactStorageCheck(String jwt) {
        this(jwt, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        S3Settings s3 = S3Settings.from(stack.topology());
        reporter.attach("S3 settings read from the manifests", s3.toString());
        String deployments = s3.deployments().name();
        reporter.step("deployments (" + deployments + ") healthy", () -> ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS,
                c -> c == 204, limits.healthy(), "DEPLOYMENTS_NOT_HEALTHY",
                () -> deployments + " is not healthy, so artifacts cannot be stored: check its S3 endpoint DEPLOYMENTS_AWS_URI="
                        + s3.internalUri() + " (declared at " + s3.deployments().source() + ")" + logs(context, deployments)));

        byte[] payload = new byte[PAYLOAD_BYTES];
        new SecureRandom().nextBytes(payload);
        MenderArtifact artifact = MenderArtifact.create("harness-" + UUID.randomUUID(), "harness-device", payload);
        ArtifactsClient api = new ArtifactsClient(MenderApiClient.gateway(context), jwt);

        Stopwatch uploading = Stopwatch.start();
        String id = reporter.step("upload " + artifact.name() + " through the gateway", () -> api.upload(artifact));
        long uploadMillis = uploading.elapsed().toMillis();
        reporter.step("artifact " + id + " is listed", () -> {
            if (!api.listIds().contains(id)) {
                throw new CheckFailure("ARTIFACT_NOT_LISTED", "artifact " + id + " was accepted (201) but GET "
                        + MenderApi.ARTIFACTS + " does not list it");
            }
        });

        reporter.step("object " + s3.bucket() + "/" + id + " is in the bucket (read from S3 directly)", () -> {
            DirectS3.ObjectRead read = DirectS3.get(stack, s3, id);
            reporter.attach("direct S3 read", read.detail());
            if (read.status() != 200) {
                throw new CheckFailure("OBJECT_NOT_IN_BUCKET", "artifact " + id + " is not in bucket " + s3.bucket() + " at "
                        + s3.internalUri() + ": " + read.detail());
            }
            Sha256.assertSame("object in the bucket", artifact.sha256(), read.sha256());
        });

        PresignedLink link = reporter.step("download link points at the external URI " + s3.externalUri(), () -> {
            PresignedLink l = api.downloadLink(id);
            reporter.attach("download link", l.toString());
            String want = PresignedLink.base(s3.externalUri());
            java.util.Optional<dev.menderharness.manifest.ServiceSpec> linkTarget = NameTargets.target(stack.topology(), l.uri().getHost());
            if (linkTarget.isPresent() && linkTarget.get().name().equals(s3.storage().name())) {
                throw new CheckFailure("LINK_WRONG_HOST", "download link for " + id + " names " + l.base() + ", the storage service "
                        + s3.storage().name() + " itself: a name devices outside the stack cannot reach. deployments signs links for "
                        + "DEPLOYMENTS_AWS_EXTERNAL_URI (or STORAGE_PROXY_URI) and falls back to DEPLOYMENTS_AWS_URI when neither is set"
                        + " (declared at " + s3.deployments().source() + "): " + l);
            }
            if (!l.base().equals(want)) {
                throw new CheckFailure("LINK_WRONG_HOST", "download link for " + id + " starts with " + l.base()
                        + " but the manifests configure " + want + " (DEPLOYMENTS_AWS_EXTERNAL_URI / STORAGE_PROXY_URI at "
                        + s3.deployments().source() + "); devices could not reach it: " + l);
            }
            if (!l.uri().getRawPath().startsWith("/" + s3.bucket() + "/")) {
                throw new CheckFailure("LINK_NOT_PATH_STYLE", "download link path " + l.uri().getRawPath()
                        + " is not path-style /" + s3.bucket() + "/...");
            }
            if (!l.signed()) {
                throw new CheckFailure("LINK_NOT_SIGNED", "download link carries no X-Amz-Signature: " + l);
            }
            return l;
        });

        long downloadMillis = reporter.step("link returns identical bytes from the host (via the gateway on loopback, Host "
                + link.hostHeader() + ")", () -> {
            Stopwatch downloading = Stopwatch.start();
            HostHeaderFetch.Response r = HostHeaderFetch.get(link, stack.gateway().https());
            long took = downloading.elapsed().toMillis();
            if (r.status() != 200) {
                throw new CheckFailure("DOWNLOAD_FROM_HOST_FAILED", "GET on the download link from the host answered " + r.status()
                        + " (want 200); the gateway must proxy /" + s3.bucket() + "/ to S3 keeping Host " + link.hostHeader()
                        + ": " + new String(r.body(), 0, Math.min(r.body().length, 300), StandardCharsets.UTF_8));
            }
            Sha256.assertSame("download from the host", artifact.sha256(), Sha256.hex(r.body()));
            return took;
        });

        reporter.step("link returns identical bytes inside the stack network (as a device there would fetch it)", () -> {
            ExecResult r = stack.probe(deployments, "sh", "-c",
                    "curl -sk -o /tmp/harness-dl -w '%{http_code}\\n' --connect-timeout 3 --max-time 30 "
                            + DirectS3.q(link.toString()) + "; sha256sum /tmp/harness-dl 2>/dev/null; rm -f /tmp/harness-dl");
            String out = r.stdout() == null ? "" : r.stdout().strip();
            reporter.attach("in-network download", out + "\n" + (r.stderr() == null ? "" : r.stderr()));
            String status = out.lines().findFirst().orElse("");
            if (!status.trim().equals("200")) {
                throw new CheckFailure("DOWNLOAD_IN_NETWORK_FAILED", "GET on the download link from a probe on " + deployments
                        + "'s network answered " + (status.isBlank() || status.trim().equals("000")
                        ? "nothing (does " + link.hostHeader() + " resolve there?)" : status.trim()) + " (want 200)");
            }
            Sha256.assertSame("download inside the stack network", artifact.sha256(), Sha256.parse(out.substring(status.length())));
        });

        reporter.step("a link with a tampered signature is refused (403)", () -> {
            HostHeaderFetch.Response r = HostHeaderFetch.get(link.tampered(), stack.gateway().https());
            if (r.status() != 403) {
                throw new CheckFailure("TAMPERED_LINK_ACCEPTED", "a download link whose X-Amz-Signature was changed answered "
                        + r.status() + " (want 403): the storage behind the gateway does not verify signatures");
            }
        });

        return new Result(new StoredArtifact(id, artifact.name(), artifact.sha256(), artifact.bytes().length),
                uploadMillis, downloadMillis);
    }

    private static String logs(CheckContext context, String service) {
        context.reporter().attach(service + " log (last 30 lines)", context.stack().logs(service, 30));
        return "; last log lines attached";
    }
}
