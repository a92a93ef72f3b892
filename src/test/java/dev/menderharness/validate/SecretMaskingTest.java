package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.SecretMasker;
import org.junit.jupiter.api.Test;

/** What the validator's findings go through before any output (RuleContext masks every message). */
class SecretMaskingTest {
    @Test
    void urlPasswordsAndCredentialValuesAreMaskedByShape() {
        assertThat(SecretMasker.mask("env DEVICEAUTH_MONGO=mongodb://root:s3cr3t@mender-mongodb:27017: no Service"))
                .isEqualTo("env DEVICEAUTH_MONGO=mongodb://root:****@mender-mongodb:27017: no Service");
        assertThat(SecretMasker.mask("redis://:p4ss@redis:6379/0")).isEqualTo("redis://:****@redis:6379/0");
        assertThat(SecretMasker.mask("env DEPLOYMENTS_AWS_AUTH_SECRET=abcdef1234: x")).isEqualTo("env DEPLOYMENTS_AWS_AUTH_SECRET=****: x");
        assertThat(SecretMasker.mask("MONGO_PASSWORD: \"hunter22\"")).isEqualTo("MONGO_PASSWORD: ****");
    }

    @Test
    void wordsAboutSecretsStayReadable() {
        String s = "DEPLOYMENTS_PRESIGN_SECRET is not set (replicas: 3): each replica generates its own (from secret/artifacts-storage)";
        assertThat(SecretMasker.mask(s)).isEqualTo(s);
        assertThat(SecretMasker.mask("http://mender-inventory:8080/")).isEqualTo("http://mender-inventory:8080/");
    }
}
