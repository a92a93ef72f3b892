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
import dev.menderharness.junit.MenderClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** MinIO access from deployments: health follows S3, artifacts land in the bucket and download intact. */
@MenderClusterTest
@Tag("storage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageIT {

    static String jwt;
    static StoredArtifact stored;

    @BeforeAll
    static void login(RunningStack stack) {
        jwt = Logins.newUserJwt(stack);
    }

    @Test
    @Order(1)
    void deploymentsHealthFollowsS3(RunningStack stack) {
        S3OutageHealthCheck.Result r = new S3OutageHealthCheck(stack).run();
        assertThat(r.secondsTo503()).isLessThanOrEqualTo(30);
    }

    @Test
    @Order(2)
    void uploadedArtifactIsInTheBucketAndDownloadsIntact(RunningStack stack) {
        stored = new ArtifactStorageCheck(stack, jwt).run();
        assertThat(stored.id()).isNotBlank();
    }

    @Test
    @Order(3)
    void artifactSurvivesMinioRestart(RunningStack stack) {
        if (stored == null) {
            stored = new ArtifactStorageCheck(stack, jwt).run();
        }
        assertThat(new ArtifactPersistenceCheck(stack, jwt, stored).run()).isLessThanOrEqualTo(60);
    }

    @Test
    @Order(4)
    void storageChecksFailWhenDeploymentsPointsAtAMissingS3Host(RunningStack stack) throws Exception {
        VariantRun.with(stack, "deployments-s3-host-missing", v -> {
            assertThatThrownBy(() -> new ArtifactStorageCheck(stack, jwt).run())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("minio-does-not-exist");
            // Same application, second check: deployments is not healthy although MinIO runs. The storage
            // check above already waited for its health, so 10 s more is plenty.
            assertThat(VariantRun.failureOf(() -> new S3OutageHealthCheck(stack).withHealthyWithin(Duration.ofSeconds(10)).run()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("is not healthy even with")
                    .hasMessageContaining("http://minio-does-not-exist:9000");
        });
    }

    @Test
    @Order(5)
    void persistenceCheckFailsWhenMinioKeepsItsDataInTheContainer(RunningStack stack) throws Exception {
        VariantRun.with(stack, "minio-without-volume", v -> {
            // deployments created its bucket once, at its start, on the MinIO the variant replaced:
            // create it again as that start would have, then store an artifact on this MinIO.
            assertThat(DirectS3.createBucket(stack, S3Settings.from(stack.topology()))).isIn(200, 409);
            StoredArtifact fresh = new ArtifactStorageCheck(stack, jwt).run();
            assertThat(VariantRun.failureOf(() -> new ArtifactPersistenceCheck(stack, jwt, fresh).run()))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("artifact " + fresh.id() + " is gone from bucket")
                    .hasMessageContaining("after minio restarted");
        });
    }
}
