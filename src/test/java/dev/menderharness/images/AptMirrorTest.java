package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptMirrorTest {
    @TempDir
    Path apt;

    @Test
    void readsUrisFromDeb822SourcesSkippingSecurity() throws Exception {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/a-security.sources"),
                "Types: deb\nURIs: http://deb.example.org/debian-security\nSuites: bookworm-security\n");
        Files.writeString(apt.resolve("sources.list.d/debian.sources"),
                "Types: deb\n# comment\nURIs: http://mirror.example.org/debian\nSuites: bookworm\n");
        assertThat(AptMirror.find(apt)).isEqualTo("http://mirror.example.org/debian");
    }

    @Test
    void fallsBackToOneLineSourcesList() throws Exception {
        Files.writeString(apt.resolve("sources.list"),
                "# deb http://commented.example/debian bookworm main\n"
                        + "deb http://security.example/debian-security bookworm-security main\n"
                        + "deb [arch=amd64] https://ftp.example.org/debian bookworm main\n");
        assertThat(AptMirror.find(apt)).isEqualTo("https://ftp.example.org/debian");
    }

    @Test
    void noMirrorIsAOneLineError() {
        assertThatThrownBy(() -> AptMirror.find(apt)).isInstanceOf(ImageException.class)
                .hasMessageContaining("no Debian mirror found").hasMessageNotContaining("\n");
    }
}
