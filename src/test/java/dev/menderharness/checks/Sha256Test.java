package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void knownDigest() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void parsesSha256sumOutput() {
        assertThat(Sha256.parse("200\n" + ABC.toUpperCase() + "  /tmp/artifact\n")).isEqualTo(ABC);
        assertThat(Sha256.parse("curl: (6) Could not resolve host")).isNull();
        assertThat(Sha256.parse(null)).isNull();
    }

    @Test
    void sameDigestPasses() {
        Sha256.assertSame("download", ABC, ABC.toUpperCase());
    }

    @Test
    void differentDigestFailsNamingBoth() {
        String other = Sha256.hex(new byte[] {1});
        assertThatThrownBy(() -> Sha256.assertSame("download from host", ABC, other))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("download from host").hasMessageContaining(ABC).hasMessageContaining(other);
    }

    @Test
    void missingDigestFails() {
        assertThatThrownBy(() -> Sha256.assertSame("download in network", ABC, null))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nothing was downloaded");
    }
}
