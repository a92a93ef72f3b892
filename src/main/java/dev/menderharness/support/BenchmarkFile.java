package dev.menderharness.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * A benchmark JSON file that several suites (and JVMs) add to: each write reads the file, replaces
 * one key and writes it back atomically, under a file lock, so results of other checks are kept.
 * The one writer of benchmark files; the caller says where the file is
 * ({@code Settings.benchmarksDir()} under a test run).
 */
public final class BenchmarkFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** File locks are per JVM, not per thread: writers in this JVM queue here first. */
    private static final Object IN_JVM = new Object();

    private final Path file;

    public BenchmarkFile(Path file) {
        this.file = file;
    }

    /** {@code <dir>/<name>.json}. */
    public static BenchmarkFile in(Path dir, String name) {
        return new BenchmarkFile(dir.resolve(name + ".json"));
    }

    public Path file() {
        return file;
    }

    /** Sets {@code key} to {@code values} (plus a timestamp), keeping every other key. Returns the entry written, as JSON. */
    public String put(String key, Map<String, ?> values) {
        synchronized (IN_JVM) {
            return write(key, values);
        }
    }

    private String write(String key, Map<String, ?> values) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                ObjectNode root = JSON.createObjectNode();
                if (Files.exists(file) && Files.size(file) > 0) {
                    var existing = JSON.readTree(file.toFile());
                    if (!existing.isObject()) {
                        throw new IllegalStateException(file + " is not a JSON object; remove it or fix it");
                    }
                    root = (ObjectNode) existing;
                }
                ObjectNode entry = JSON.valueToTree(values);
                entry.put("recorded_at", Instant.now().toString());
                root.set(key, entry);
                String text = JSON.writeValueAsString(root);
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
                Files.writeString(tmp, text);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return JSON.writeValueAsString(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark " + file + ": " + e.getMessage(), e);
        }
    }
}
