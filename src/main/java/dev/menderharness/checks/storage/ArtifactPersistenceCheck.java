package dev.menderharness.checks.storage;

import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Deadline;
import dev.menderharness.checks.HostHeaderFetch;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.PresignedLink;
import dev.menderharness.checks.Replacements;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.Sha256;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * After MinIO restarts, an artifact stored before is still in the bucket and downloadable. The
 * restart is only judged once MinIO runs replicas it did not run before ({@link Replacements}): the
 * provider's restart can return before the orchestrator began, and the old MinIO would still answer.
 *
 * <p>Reason codes: {@code MINIO_NOT_RESTARTED} (no new MinIO replica within the limit),
 * {@code OBJECT_LOST} (gone from the bucket: MinIO's data is not on a volume), {@code CHECKSUM_MISMATCH},
 * {@code NOT_HEALTHY_AFTER_RESTART}, {@code DOWNLOAD_FAILED}. Variant: {@code minio-without-volume} →
 * {@code OBJECT_LOST}. With the object still in the bucket (the step before), a manifest cannot make
 * deployments unhealthy or the link fail after a MinIO restart only, nor change the bytes
 * ({@code NOT_HEALTHY_AFTER_RESTART}, {@code DOWNLOAD_FAILED}, {@code CHECKSUM_MISMATCH}: the storage
 * check's variants break the same paths before any restart); docs/check-variants.md.
 */
public final class ArtifactPersistenceCheck implements Check<ArtifactPersistenceCheck.Result> {

    /**
     * @param minioAnswers how long the restarted MinIO may take to run new replicas and answer a direct read at all
     * @param healthy      how long deployments may take to be healthy again after the restart
     */
    public record Limits(Duration minioAnswers, Duration healthy) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    /**
     * Seconds from the restart until deployments was healthy again. Its benchmark:
     * {@code recovery.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Result(double secondsToHealthy) implements CheckResult {

        public static final String BENCHMARK_KEY = "storage.minio-restart";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY,
                    Map.of("seconds_to_deployments_healthy", Stopwatch.round(secondsToHealthy))));
        }
    }

    private final String jwt;
    private final StoredArtifact artifact;
    private final Limits limits;

    public ArtifactPersistenceCheck(String jwt, StoredArtifact artifact, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ArtifactPersistenceCheck(String jwt, StoredArtifact artifact) {
        this(jwt, artifact, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        S3Settings s3 = S3Settings.from(stack.topology());
        String minio = s3.storage().name();
        List<String> before = stack.replicaIds(minio);
        Stopwatch sinceRestart = Stopwatch.start();
        reporter.step("restart " + minio, () -> stack.restart(minio));
        reporter.step(minio + " runs new replicas (not the ones before the restart)", () ->
                Replacements.awaitAllNew(stack, minio, before, Deadline.of(sinceRestart, limits.minioAnswers()).left(),
                        "MINIO_NOT_RESTARTED", "restarting " + minio));
        // The bucket first, straight from MinIO: if MinIO lost its data, deployments' health fails as well
        // (its bucket is gone), which would hide the cause.
        reporter.step("object " + artifact.id() + " still in the bucket", () -> {
            DirectS3.ObjectRead read = awaitS3Answer(stack, s3);
            if (read.status() != 200) {
                throw new CheckFailure("OBJECT_LOST", "artifact " + artifact.id() + " is gone from bucket " + s3.bucket()
                        + " after " + minio + " restarted (" + read.detail() + "): is MinIO's data directory on a volume?");
            }
            Sha256.assertSame("object after the restart", artifact.sha256(), read.sha256());
        });
        double healthy = reporter.step("deployments healthy again", () -> {
            ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, limits.healthy(), "NOT_HEALTHY_AFTER_RESTART",
                    s3.deployments().name() + " did not become healthy within " + limits.healthy().toSeconds() + " s after "
                            + minio + " restarted");
            return sinceRestart.seconds();
        });
        reporter.step("artifact still downloadable through its link", () -> {
            PresignedLink link = new ArtifactsClient(MenderApiClient.gateway(context), jwt).downloadLink(artifact.id());
            HostHeaderFetch.Response r = HostHeaderFetch.get(link, stack.gateway().https());
            if (r.status() != 200) {
                throw new CheckFailure("DOWNLOAD_FAILED", "download link of " + artifact.id() + " answered " + r.status()
                        + " after " + minio + " restarted");
            }
            Sha256.assertSame("download after the restart", artifact.sha256(), Sha256.hex(r.body()));
        });
        return new Result(healthy);
    }

    /** Reads the artifact straight from S3 once MinIO answers at all (it may still be starting); the last read either way. */
    private DirectS3.ObjectRead awaitS3Answer(RunningStack stack, S3Settings s3) {
        AtomicReference<DirectS3.ObjectRead> read = new AtomicReference<>();
        Waits.atMost(limits.minioAnswers()).every(Duration.ofSeconds(1)).within(() -> {
            read.set(DirectS3.get(stack, s3, artifact.id()));
            return read.get().status() > 0 && read.get().status() < 500;
        });
        return read.get();
    }
}
