package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class MenderArtifactTest {

    @Test
    void hasTheVersion3LayoutInOrderWithMatchingManifest() throws IOException {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        MenderArtifact a = MenderArtifact.create("harness-1", "qemux86-64", payload);
        Map<String, byte[]> outer = untar(a.bytes());
        assertThat(outer.keySet()).containsExactly("version", "manifest", "header.tar.gz", "data/0000.tar.gz");
        assertThat(new String(outer.get("version"), StandardCharsets.UTF_8)).contains("\"version\":3");

        String manifest = new String(outer.get("manifest"), StandardCharsets.UTF_8);
        assertThat(manifest).contains(Sha256.hex(outer.get("version")) + "  version\n")
                .contains(Sha256.hex(outer.get("header.tar.gz")) + "  header.tar.gz\n")
                .contains(Sha256.hex(payload) + "  data/0000/harness.bin\n");

        Map<String, byte[]> header = untar(gunzip(outer.get("header.tar.gz")));
        assertThat(header.keySet()).startsWith("header-info").contains("headers/0000/type-info");
        assertThat(new String(header.get("header-info"), StandardCharsets.UTF_8))
                .contains("\"artifact_name\":\"harness-1\"").contains("\"device_type\":[\"qemux86-64\"]");
        assertThat(untar(gunzip(outer.get("data/0000.tar.gz"))).get("harness.bin")).isEqualTo(payload);
    }

    @Test
    void differentNamesGiveDifferentBytes() {
        byte[] p = new byte[] {1, 2, 3};
        assertThat(MenderArtifact.create("a", "t", p).sha256()).isNotEqualTo(MenderArtifact.create("b", "t", p).sha256());
        assertThat(MenderArtifact.create("a", "t", p).sha256()).isEqualTo(MenderArtifact.create("a", "t", p).sha256());
    }

    private static Map<String, byte[]> untar(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
