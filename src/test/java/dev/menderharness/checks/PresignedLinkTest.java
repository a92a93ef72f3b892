package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PresignedLinkTest {

    private static final String LINK = "https://s3.docker.mender.io/mender-artifact-storage/0b5d?"
            + "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=minio%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
            + "&response-content-disposition=attachment%3B%20filename%3D%22a.mender%22"
            + "&X-Amz-Signature=3f1e6a0c9b7d5e2f4a8c1b3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b3c4d5e6f";

    @Test
    void readsBaseAndHost() {
        PresignedLink l = PresignedLink.parse(LINK);
        assertThat(l.base()).isEqualTo("https://s3.docker.mender.io");
        assertThat(l.hostHeader()).isEqualTo("s3.docker.mender.io");
        assertThat(l.signed()).isTrue();
        assertThat(PresignedLink.parse("http://mender-api-gateway:8080/b/k?X-Amz-Signature=ab").base())
                .isEqualTo("http://mender-api-gateway:8080");
        assertThat(PresignedLink.parse("https://S3.Example:443/b").base()).isEqualTo("https://s3.example");
    }

    @Test
    void pathAndQueryKeepTheRawEncoding() {
        PresignedLink l = PresignedLink.parse(LINK);
        assertThat(l.pathAndQuery()).startsWith("/mender-artifact-storage/0b5d?X-Amz-Algorithm=")
                .contains("minio%2F20260101").contains("filename%3D%22a.mender%22");
    }

    @Test
    void tamperingChangesOnlyTheSignature() {
        PresignedLink l = PresignedLink.parse(LINK);
        PresignedLink t = l.tampered();
        assertThat(t.signature()).isNotEqualTo(l.signature()).hasSameSizeAs(l.signature());
        assertThat(t.signature().substring(0, 63)).isEqualTo(l.signature().substring(0, 63));
        assertThat(t.uri().toString().replace(t.signature(), "")).isEqualTo(LINK.replace(l.signature(), ""));
        assertThat(t.tampered().signature()).isNotEqualTo(t.signature());
    }

    @Test
    void unsignedLinkCannotBeTampered() {
        assertThatThrownBy(() -> PresignedLink.parse("https://s3.docker.mender.io/b/k").tampered())
                .isInstanceOf(AssertionError.class).hasMessageContaining("no X-Amz-Signature");
    }

    @Test
    void relativeLinkIsRefused() {
        assertThatThrownBy(() -> PresignedLink.parse("/mender-artifact-storage/k"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not an absolute URL");
    }
}
