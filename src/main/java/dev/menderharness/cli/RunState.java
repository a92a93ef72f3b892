package dev.menderharness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What {@code up} kept, under {@code ~/.mender-cluster-harness/runs/<runId>.json}, for people and {@code down}. */
final class RunState {

    private RunState() {
    }

    static Path dir() {
        return Path.of(System.getProperty("user.home"), ".mender-cluster-harness", "runs");
    }

    static Path write(String runId, Map<String, Object> state) {
        try {
            Files.createDirectories(dir());
            Path f = dir().resolve(runId + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(f.toFile(), state);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(String runId) {
        try {
            Files.deleteIfExists(dir().resolve(runId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
