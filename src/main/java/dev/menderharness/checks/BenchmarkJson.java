package dev.menderharness.checks;

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
 * A benchmark file under {@code target/benchmarks/} that several suites (and JVMs) add to: each
 * write reads the file, replaces one key and writes it back atomically, under a file lock, so
 * results of other checks are kept.
 */
public final class BenchmarkJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** File locks are per JVM, not per thread: writers in this JVM queue here first. */
    private static final Object IN_JVM = new Object();

    private final Path file;

    public BenchmarkJson(Path file) {
        this.file = file;
    }

    /** {@code target/benchmarks/<name>.json} under the project (or working) directory. */
    public static BenchmarkJson named(String name) {
        String base = System.getProperty("project.basedir", System.getProperty("user.dir"));
        return new BenchmarkJson(Path.of(base, "target", "benchmarks", name + ".json"));
    }

    public Path file() {
        return file;
    }

    /** Sets {@code key} to {@code values} (plus a timestamp), keeping every other key. Returns the JSON written. */
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
