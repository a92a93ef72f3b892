package dev.menderharness.it;

import static dev.menderharness.it.VariantRun.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.storage.ArtifactPersistenceCheck;
import dev.menderharness.checks.storage.ArtifactStorageCheck;
import dev.menderharness.checks.storage.DirectS3;
import dev.menderharness.checks.storage.S3OutageHealthCheck;
import dev.menderharness.checks.storage.S3Settings;
import dev.menderharness.checks.storage.StoredArtifact;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MinIO access from deployments: health follows S3, artifacts land in the bucket and download
 * intact; each step of the storage checks fails on its broken variant with its one reason code.
 */
@MenderClusterTest
@Tag(Tags.STORAGE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageIT {

    static String jwt;
    static StoredArtifact stored;

    @BeforeAll
    static void login(CheckRunner checks) {
        jwt = Logins.newUserJwt(checks);
    }

    @Test
    @Order(1)
    void deploymentsHealthFollowsS3(CheckRunner checks) {
        checks.run(new S3OutageHealthCheck());
    }

    @Test
    @Order(2)
    void uploadedArtifactIsInTheBucketAndDownloadsIntact(CheckRunner checks) {
        stored = checks.run(new ArtifactStorageCheck(jwt)).artifact();
    }

    @Test
    @Order(3)
    void artifactSurvivesMinioRestart(CheckRunner checks) {
        if (stored == null) {
            stored = checks.run(new ArtifactStorageCheck(jwt)).artifact();
        }
        checks.run(new ArtifactPersistenceCheck(jwt, stored));
    }

    /**
     * One application per fault, in a row (only what changes between two rolls), one restore: each
     * step of the artifact path broken on its own, first step first.
     */
    @Test
    @Order(4)
    void storageChecksFailWithTheReasonOfEachBrokenStep(RunningStack stack, CheckRunner checks) throws Exception {
        // Same application, second check: deployments is not healthy although MinIO runs. The storage
        // check before it already saw it unhealthy for 10 s; a healthy one answers within a second of
        // its rollout, so 3 s more is plenty.
        S3OutageHealthCheck.Limits d = S3OutageHealthCheck.Limits.DEFAULT;
        S3OutageHealthCheck settled = new S3OutageHealthCheck(new S3OutageHealthCheck.Limits(Duration.ofSeconds(3), d.down(), d.up()));
        // A deployments the apply rolled out answers healthy within a second of it (the steps below
        // measure it, 0.4 s): 10 s unhealthy is the missing S3 host, not a slow start.
        ArtifactStorageCheck.Limits healthyWithin10s = new ArtifactStorageCheck.Limits(Duration.ofSeconds(10));
        VariantRun.sequence(stack, List.of(
                VariantRun.Step.of("deployments-s3-host-missing", () -> {
                    assertThat(failsWith("DEPLOYMENTS_NOT_HEALTHY", () -> checks.run(new ArtifactStorageCheck(jwt, healthyWithin10s))))
                            .hasMessageContaining("minio-does-not-exist");
                    failsWith("NOT_HEALTHY_WITH_S3", () -> checks.run(settled));
                }),
                VariantRun.Step.of("deployments-external-uri-misspelled", () ->
                        assertThat(failsWith("LINK_WRONG_HOST", () -> checks.run(new ArtifactStorageCheck(jwt))))
                                .hasMessageContaining("the storage service")),
                VariantRun.Step.of("gateway-body-size-default", () ->
                        assertThat(failsWith("ARTIFACT_UPLOAD_FAILED", () -> checks.run(new ArtifactStorageCheck(jwt))))
                                .hasMessageContaining("413")),
                VariantRun.Step.of("gateway-storage-host-header-dropped", () ->
                        assertThat(failsWith("DOWNLOAD_FROM_HOST_FAILED", () -> checks.run(new ArtifactStorageCheck(jwt))))
                                .hasMessageContaining("403")),
                VariantRun.Step.of("swarm-s3-alias-removed", () ->
                        failsWith("DOWNLOAD_IN_NETWORK_FAILED", () -> checks.run(new ArtifactStorageCheck(jwt)))),
                VariantRun.Step.of("gateway-caches-artifacts", () ->
                        failsWith("TAMPERED_LINK_ACCEPTED", () -> checks.run(new ArtifactStorageCheck(jwt))))));
    }

    /**
     * MinIO without a volume: an artifact stored on it is gone after it restarts (OBJECT_LOST), and
     * after an outage it comes back without the bucket deployments made at its start, so deployments
     * never becomes healthy again (NOT_HEALTHY_AFTER_S3_BACK).
     */
    @Test
    @Order(5)
    void persistenceAndOutageChecksFailWhenMinioKeepsItsDataInTheContainer(RunningStack stack, CheckRunner checks) throws Exception {
        S3OutageHealthCheck.Limits d = S3OutageHealthCheck.Limits.DEFAULT;
        // deployments answers 204 within a second of a new MinIO replica running (storage.s3-outage
        // seconds_back_to_204 in recovery.json): 8 s without is the bucket gone for good, not slowness
        S3OutageHealthCheck shortRecovery = new S3OutageHealthCheck(new S3OutageHealthCheck.Limits(d.healthyBefore(), d.down(),
                Duration.ofSeconds(8)));
        VariantRun.with(stack, "minio-without-volume", v -> {
            // deployments created its bucket once, at its start, on the MinIO the variant replaced:
            // create it again as that start would have, then store an artifact on this MinIO.
            assertThat(DirectS3.createBucket(stack, S3Settings.from(stack.topology()))).isIn(200, 409);
            StoredArtifact fresh = checks.run(new ArtifactStorageCheck(jwt)).artifact();
            assertThat(failsWith("OBJECT_LOST", () -> checks.run(new ArtifactPersistenceCheck(jwt, fresh))))
                    .hasMessageContaining("artifact " + fresh.id() + " is gone from bucket");
            // the restart emptied MinIO again: give deployments its bucket back, then take MinIO away
            assertThat(DirectS3.createBucket(stack, S3Settings.from(stack.topology()))).isIn(200, 409);
            failsWith("NOT_HEALTHY_AFTER_S3_BACK", () -> checks.run(shortRecovery));
        });
    }
}
