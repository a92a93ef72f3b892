package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** MinIO access from deployments: health follows S3, artifacts land in the bucket and download intact. */
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
        S3OutageHealthCheck.Result r = checks.run(new S3OutageHealthCheck());
        assertThat(r.secondsTo503()).isLessThanOrEqualTo(30);
    }

    @Test
    @Order(2)
    void uploadedArtifactIsInTheBucketAndDownloadsIntact(CheckRunner checks) {
        stored = checks.run(new ArtifactStorageCheck(jwt)).artifact();
        assertThat(stored.id()).isNotBlank();
    }

    @Test
    @Order(3)
    void artifactSurvivesMinioRestart(CheckRunner checks) {
        if (stored == null) {
            stored = checks.run(new ArtifactStorageCheck(jwt)).artifact();
        }
        assertThat(checks.run(new ArtifactPersistenceCheck(jwt, stored)).secondsToHealthy()).isLessThanOrEqualTo(60);
    }

    @Test
    @Order(4)
    void storageChecksFailWhenDeploymentsPointsAtAMissingS3Host(RunningStack stack, CheckRunner checks) throws Exception {
        // Same application, second check: deployments is not healthy although MinIO runs. The storage
        // check before it already waited for its health, so 10 s more is plenty.
        S3OutageHealthCheck.Limits d = S3OutageHealthCheck.Limits.DEFAULT;
        S3OutageHealthCheck settled = new S3OutageHealthCheck(new S3OutageHealthCheck.Limits(Duration.ofSeconds(10), d.down(), d.up()));
        VariantRun.with(stack, "deployments-s3-host-missing", v -> {
            assertThatThrownBy(() -> checks.run(new ArtifactStorageCheck(jwt)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("minio-does-not-exist");
            assertThat(VariantRun.failureOf(() -> checks.run(settled)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("is not healthy even with")
                    .hasMessageContaining("http://minio-does-not-exist:9000");
        });
    }

    @Test
    @Order(5)
    void persistenceCheckFailsWhenMinioKeepsItsDataInTheContainer(RunningStack stack, CheckRunner checks) throws Exception {
        VariantRun.with(stack, "minio-without-volume", v -> {
            // deployments created its bucket once, at its start, on the MinIO the variant replaced:
            // create it again as that start would have, then store an artifact on this MinIO.
            assertThat(DirectS3.createBucket(stack, S3Settings.from(stack.topology()))).isIn(200, 409);
            StoredArtifact fresh = checks.run(new ArtifactStorageCheck(jwt)).artifact();
            assertThat(VariantRun.failureOf(() -> checks.run(new ArtifactPersistenceCheck(jwt, fresh))))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("artifact " + fresh.id() + " is gone from bucket")
                    .hasMessageContaining("after minio restarted");
        });
    }
}
