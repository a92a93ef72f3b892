package dev.menderharness.checks.storage;

import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.HostHeaderFetch;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.PresignedLink;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.Sha256;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.Map;

/** After MinIO restarts, an artifact stored before is still in the bucket and downloadable. */
public final class ArtifactPersistenceCheck {

    private static final Duration MINIO_ANSWERS_WITHIN = Duration.ofSeconds(60);

    private final RunningStack stack;
    private final String jwt;
    private final StoredArtifact artifact;

    public ArtifactPersistenceCheck(RunningStack stack, String jwt, StoredArtifact artifact) {
        this.stack = stack;
        this.jwt = jwt;
        this.artifact = artifact;
    }

    /** Returns seconds from the restart until deployments was healthy again. */
    public double run() {
        S3Settings s3 = S3Settings.from(stack.topology());
        String minio = s3.storage().name();
        long t0 = System.nanoTime();
        Report.step("restart " + minio, () -> stack.restart(minio));
        // The bucket first, straight from MinIO: if MinIO lost its data, deployments' health fails as well
        // (its bucket is gone), which would hide the cause.
        Report.step("object " + artifact.id() + " still in the bucket", () -> {
            DirectS3.ObjectRead read = awaitS3Answer(s3);
            if (read.status() != 200) {
                throw new AssertionError("artifact " + artifact.id() + " is gone from bucket " + s3.bucket() + " after "
                        + minio + " restarted (" + read.detail() + "): is MinIO's data directory on a volume?");
            }
            Sha256.assertSame("object after the restart", artifact.sha256(), read.sha256());
        });
        double healthy = Report.step("deployments healthy again", () -> {
            ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, Duration.ofSeconds(60),
                    s3.deployments().name() + " did not become healthy within 60 s after " + minio + " restarted");
            return (System.nanoTime() - t0) / 1e9;
        });
        Report.step("artifact still downloadable through its link", () -> {
            PresignedLink link = new ArtifactsClient(MenderApiClient.of(stack.gateway().https()), jwt).downloadLink(artifact.id());
            HostHeaderFetch.Response r = HostHeaderFetch.get(link, stack.gateway().https());
            if (r.status() != 200) {
                throw new AssertionError("download link of " + artifact.id() + " answered " + r.status() + " after " + minio + " restarted");
            }
            Sha256.assertSame("download after the restart", artifact.sha256(), Sha256.hex(r.body()));
        });
        Report.attachJson("MinIO restart", BenchmarkJson.named("recovery").put("storage.minio-restart",
                Map.of("seconds_to_deployments_healthy", S3OutageHealthCheck.round(healthy))));
        return healthy;
    }

    /** Reads the artifact straight from S3 once MinIO answers at all (it may still be starting). */
    private DirectS3.ObjectRead awaitS3Answer(S3Settings s3) {
        long deadline = System.nanoTime() + MINIO_ANSWERS_WITHIN.toNanos();
        DirectS3.ObjectRead read;
        do {
            read = DirectS3.get(stack, s3, artifact.id());
            if (read.status() > 0 && read.status() < 500) {
                return read;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        } while (System.nanoTime() < deadline);
        return read;
    }
}
