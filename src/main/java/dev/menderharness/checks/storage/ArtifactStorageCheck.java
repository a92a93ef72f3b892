package dev.menderharness.checks.storage;

import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.HostHeaderFetch;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderArtifact;
import dev.menderharness.checks.PresignedLink;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.Sha256;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The artifact path end to end: an artifact uploaded through the gateway lands in the bucket
 * (read straight from S3), its download link carries the configured external URI, the link
 * returns the same bytes from the host and from inside the stack network, and a link with a
 * tampered signature is refused.
 */
public final class ArtifactStorageCheck {

    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);

    private final RunningStack stack;
    private final String jwt;

    /** @param jwt a management user's login JWT */
    public ArtifactStorageCheck(RunningStack stack, String jwt) {
        this.stack = stack;
        this.jwt = jwt;
    }

    public StoredArtifact run() {
        S3Settings s3 = S3Settings.from(stack.topology());
        Report.attach("S3 settings read from the manifests", s3.toString());
        String deployments = s3.deployments().name();
        Report.step("deployments (" + deployments + ") healthy", () -> ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS,
                c -> c == 204, HEALTHY_WITHIN,
                deployments + " is not healthy, so artifacts cannot be stored: check its S3 endpoint DEPLOYMENTS_AWS_URI="
                        + s3.internalUri() + " (declared at " + s3.deployments().source() + ")" + logs(deployments)));

        byte[] payload = new byte[64 * 1024];
        new SecureRandom().nextBytes(payload);
        MenderArtifact artifact = MenderArtifact.create("harness-" + UUID.randomUUID(), "harness-device", payload);
        ArtifactsClient api = new ArtifactsClient(MenderApiClient.of(stack.gateway().https()), jwt);
        Map<String, Object> m = new LinkedHashMap<>();

        long t0 = System.nanoTime();
        String id = Report.step("upload " + artifact.name() + " through the gateway", () -> api.upload(artifact));
        m.put("upload_ms", (System.nanoTime() - t0) / 1_000_000);
        Report.step("artifact " + id + " is listed", () -> {
            if (!api.listIds().contains(id)) {
                throw new AssertionError("artifact " + id + " was accepted (201) but GET /api/management/v1/deployments/artifacts does not list it");
            }
        });

        Report.step("object " + s3.bucket() + "/" + id + " is in the bucket (read from S3 directly)", () -> {
            DirectS3.ObjectRead read = DirectS3.get(stack, s3, id);
            Report.attach("direct S3 read", read.detail());
            if (read.status() != 200) {
                throw new AssertionError("artifact " + id + " is not in bucket " + s3.bucket() + " at " + s3.internalUri()
                        + ": " + read.detail());
            }
            Sha256.assertSame("object in the bucket", artifact.sha256(), read.sha256());
        });

        PresignedLink link = Report.step("download link points at the external URI " + s3.externalUri(), () -> {
            PresignedLink l = api.downloadLink(id);
            Report.attach("download link", l.toString());
            String want = PresignedLink.base(s3.externalUri());
            if (!l.base().equals(want)) {
                throw new AssertionError("download link for " + id + " starts with " + l.base() + " but the manifests"
                        + " configure " + want + " (DEPLOYMENTS_AWS_EXTERNAL_URI / STORAGE_PROXY_URI at "
                        + s3.deployments().source() + "); devices could not reach it: " + l);
            }
            if (!l.uri().getRawPath().startsWith("/" + s3.bucket() + "/")) {
                throw new AssertionError("download link path " + l.uri().getRawPath() + " is not path-style /" + s3.bucket() + "/...");
            }
            if (!l.signed()) {
                throw new AssertionError("download link carries no X-Amz-Signature: " + l);
            }
            return l;
        });

        Report.step("link returns identical bytes from the host (via the gateway on loopback, Host " + link.hostHeader() + ")", () -> {
            long t1 = System.nanoTime();
            HostHeaderFetch.Response r = HostHeaderFetch.get(link, stack.gateway().https());
            m.put("download_host_ms", (System.nanoTime() - t1) / 1_000_000);
            if (r.status() != 200) {
                throw new AssertionError("GET on the download link from the host answered " + r.status()
                        + " (want 200); the gateway must proxy /" + s3.bucket() + "/ to S3 keeping Host " + link.hostHeader()
                        + ": " + new String(r.body(), 0, Math.min(r.body().length, 300), java.nio.charset.StandardCharsets.UTF_8));
            }
            Sha256.assertSame("download from the host", artifact.sha256(), Sha256.hex(r.body()));
        });

        Report.step("link returns identical bytes inside the stack network (as a device there would fetch it)", () -> {
            ExecResult r = stack.probe(deployments, "sh", "-c",
                    "curl -sk -o /tmp/harness-dl -w '%{http_code}\\n' --connect-timeout 3 --max-time 30 "
                            + DirectS3.q(link.toString()) + "; sha256sum /tmp/harness-dl 2>/dev/null; rm -f /tmp/harness-dl");
            String out = r.stdout() == null ? "" : r.stdout().strip();
            Report.attach("in-network download", out + "\n" + (r.stderr() == null ? "" : r.stderr()));
            String status = out.lines().findFirst().orElse("");
            if (!status.trim().equals("200")) {
                throw new AssertionError("GET on the download link from a probe on " + deployments + "'s network answered "
                        + (status.isBlank() || status.trim().equals("000") ? "nothing (does " + link.hostHeader() + " resolve there?)" : status.trim())
                        + " (want 200)");
            }
            Sha256.assertSame("download inside the stack network", artifact.sha256(), Sha256.parse(out.substring(status.length())));
        });

        Report.step("a link with a tampered signature is refused (403)", () -> {
            HostHeaderFetch.Response r = HostHeaderFetch.get(link.tampered(), stack.gateway().https());
            if (r.status() != 403) {
                throw new AssertionError("a download link whose X-Amz-Signature was changed answered " + r.status()
                        + " (want 403): the storage behind the gateway does not verify signatures");
            }
        });

        m.put("artifact_bytes", artifact.bytes().length);
        Report.attachJson("artifact storage", BenchmarkJson.named("recovery").put("storage.artifact", m));
        return new StoredArtifact(id, artifact.name(), artifact.sha256(), artifact.bytes().length);
    }

    private String logs(String service) {
        Report.attach(service + " log (last 30 lines)", stack.logs(service, 30));
        return "; last log lines attached";
    }
}
