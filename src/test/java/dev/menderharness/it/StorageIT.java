package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.checks.storage.ArtifactPersistenceCheck;
import dev.menderharness.checks.storage.ArtifactStorageCheck;
import dev.menderharness.checks.storage.S3OutageHealthCheck;
import dev.menderharness.checks.storage.StoredArtifact;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.MenderClusterTest;
import java.util.Map;
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
    void storageCheckFailsWhenDeploymentsPointsAtAMissingS3Host(RunningStack stack) throws Exception {
        DataVariants.with(stack, "deployments-s3-host-missing", Map.of(), () ->
                assertThatThrownBy(() -> new ArtifactStorageCheck(stack, jwt).run())
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("minio-does-not-exist"));
    }
}
