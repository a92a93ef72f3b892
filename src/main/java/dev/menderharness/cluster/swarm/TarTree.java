package dev.menderharness.cluster.swarm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files for one copy-to-container request. A small local directory as a tar whose entries sit under an absolute path, directories included,
 * so one copy-to-container request extracted at "/" creates the path too (no `mkdir -p` exec
 * first, which cost a few hundred ms of every deploy).
 */
final class TarTree {

    private TarTree() {
    }

    /** {@code localDir}'s files under {@code remoteDir} (absolute), with each directory on the way. */
    static byte[] of(Path localDir, String remoteDir) {
        String root = remoteDir.replaceAll("^/+|/+$", "");
        if (root.isEmpty()) throw new IllegalArgumentException("remote directory '" + remoteDir + "': expected a path below /");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
             Stream<Path> walk = Files.walk(localDir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String prefix = "";
            for (String part : root.split("/+")) {
                prefix += part + "/";
                directory(tar, prefix);
            }
            for (Path p : walk.sorted().toList()) {
                if (p.equals(localDir)) continue;
                String name = root + "/" + localDir.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    directory(tar, name + "/");
                } else {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    e.setMode(Files.isExecutable(p) ? 0755 : 0644);
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("packing " + localDir + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * In-memory files (absolute path to content) as one tar extracted at "/", with each parent
     * directory; {@code mode} is every file's permission bits.
     */
    static byte[] ofFiles(java.util.Map<String, byte[]> files, int mode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            java.util.Set<String> made = new java.util.HashSet<>();
            for (var file : new java.util.TreeMap<>(files).entrySet()) {
                String name = file.getKey().replaceAll("^/+", "");
                if (name.isEmpty() || name.endsWith("/")) throw new IllegalArgumentException("not a file path: '" + file.getKey() + "'");
                String prefix = "";
                String[] parts = name.split("/+");
                for (int i = 0; i < parts.length - 1; i++) {
                    prefix += parts[i] + "/";
                    if (made.add(prefix)) directory(tar, prefix);
                }
                TarArchiveEntry e = new TarArchiveEntry(name);
                e.setSize(file.getValue().length);
                e.setMode(mode);
                tar.putArchiveEntry(e);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** {@code tar} gzipped and base64-encoded: one shell argument that {@code base64 -d | tar -xz} unpacks. */
    static String gzipBase64(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
