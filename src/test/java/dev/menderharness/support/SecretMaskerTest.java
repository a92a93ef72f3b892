package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String SECRET = "s3cr/t \"pw\"+x=y";

    @Test
    void aRegisteredSecretIsMaskedInTheFormsOtherTextsQuoteIt() {
        SecretMasker.register(SECRET);
        assertThat(SecretMasker.mask("plain " + SECRET)).isEqualTo("plain ****");
        assertThat(SecretMasker.mask("query ?p=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))).doesNotContain("s3cr");
        assertThat(SecretMasker.mask("json {\"p\":\"s3cr\\/t \\\"pw\\\"+x=y\"}")).doesNotContain("s3cr");
        assertThat(SecretMasker.mask("data: " + Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("data: ****");
    }

    @Test
    void urlUserInfoIsMaskedByShape() {
        assertThat(SecretMasker.mask("mongodb://root:pleasechangeme@mender-mongodb:27017"))
                .isEqualTo("mongodb://root:****@mender-mongodb:27017");
        assertThat(SecretMasker.mask("nats://s3cretToken@mender-nats:4222")).isEqualTo("nats://****@mender-nats:4222");
        assertThat(SecretMasker.mask("http://mender-inventory:8080/")).isEqualTo("http://mender-inventory:8080/");
    }

    @Test
    void oneLineErrorsAreMasked() {
        assertThat(Exceptions.firstLine(new IllegalStateException("cannot reach mongodb://u:topsecret1@h:27017\nmore")))
                .isEqualTo("cannot reach mongodb://u:****@h:27017");
    }
}
