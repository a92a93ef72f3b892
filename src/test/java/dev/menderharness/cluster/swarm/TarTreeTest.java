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
}
