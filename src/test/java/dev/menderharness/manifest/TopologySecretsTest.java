package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.SecretMasker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TopologySecretsTest {

    @Test
    void credentialsInTheReferenceManifestsAreMaskedOnceLoaded() {
        Manifests m = Manifests.load(Path.of("manifests"));
        assertThat(m.swarmTopology()).isPresent();
        String presign = m.swarmTopology().get().service("mender-deployments").orElseThrow()
                .env().get("DEPLOYMENTS_PRESIGN_SECRET");
        String s3Secret = m.swarmTopology().get().service("mender-deployments").orElseThrow()
                .env().get("DEPLOYMENTS_AWS_AUTH_SECRET");
        String accessKey = m.swarmTopology().get().service("mender-deployments").orElseThrow()
                .env().get("DEPLOYMENTS_AWS_AUTH_KEY");

        String masked = SecretMasker.mask("find: DEPLOYMENTS_PRESIGN_SECRET: " + presign + " aws " + s3Secret + " id " + accessKey);

        assertThat(masked).doesNotContain(presign).doesNotContain(s3Secret)
                // an access key id is not a credential: masking it ("mender") would blank half the report
                .contains("id " + accessKey);
    }
}
