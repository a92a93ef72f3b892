package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTreeTest {

    @Test
    void filesLandUnderTheRemotePathWithEveryDirectoryOnTheWay(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("swarm"));
        Files.writeString(dir.resolve("swarm/stack.yml"), "services: {}\n");
        Files.writeString(dir.resolve("gateway.conf"), "server {}\n");

        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(TarTree.of(dir, "/stacks/mender/1")))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e.isDirectory() ? "dir" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsExactly(
                Map.entry("stacks/", "dir"), Map.entry("stacks/mender/", "dir"), Map.entry("stacks/mender/1/", "dir"),
                Map.entry("stacks/mender/1/gateway.conf", "server {}\n"),
                Map.entry("stacks/mender/1/swarm/", "dir"),
                Map.entry("stacks/mender/1/swarm/stack.yml", "services: {}\n"));
    }

    @Test
    void theRootItselfIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> TarTree.of(dir, "/")).hasMessageContaining("expected a path below /");
    }

    @Test
    void inMemoryFilesGetTheirParentDirectoriesOnceAndTheGivenMode() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/etc/tls/key.pem", "k".getBytes(StandardCharsets.UTF_8));
        files.put("/etc/tls/ca.pem", "c".getBytes(StandardCharsets.UTF_8));
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> modes = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(TarTree.ofFiles(files, 0600)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e.isDirectory() ? "dir" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                modes.put(e.getName(), e.getMode() & 07777);
            }
        }
        assertThat(entries).containsExactly(Map.entry("etc/", "dir"), Map.entry("etc/tls/", "dir"),
                Map.entry("etc/tls/ca.pem", "c"), Map.entry("etc/tls/key.pem", "k"));
        assertThat(modes).containsEntry("etc/tls/key.pem", 0600).containsEntry("etc/tls/", 0755);
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertThatThrownBy(() -> TarTree.ofFiles(Map.of("/etc/tls/", new byte[0]), 0600)).hasMessageContaining("not a file path");
    }

    /** What a node runs for a small copy: the same script, here with a temp dir for "/". */
    @Test
    void gzipBase64UnpacksWithTheNodesScriptToTheSameTree(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("local");
        Files.createDirectories(local.resolve("swarm"));
        Files.writeString(local.resolve("swarm/stack.yml"), "version: \"3.12\"\n");
        Files.writeString(local.resolve("README.md"), "x".repeat(5000));
        String packed = TarTree.gzipBase64(TarTree.of(local, "/stacks/mender/1"));
        assertThat(packed).matches("[A-Za-z0-9+/=]+").hasSizeLessThan(DindNode.INLINE_COPY_LIMIT);
        Path root = Files.createDirectories(dir.resolve("root"));
        Process p = new ProcessBuilder("sh", "-c", DindNode.UNPACK, "copy-in", packed, root.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(root.resolve("stacks/mender/1/swarm/stack.yml")).hasContent("version: \"3.12\"\n");
        assertThat(root.resolve("stacks/mender/1/README.md")).hasContent("x".repeat(5000));
    }
}
