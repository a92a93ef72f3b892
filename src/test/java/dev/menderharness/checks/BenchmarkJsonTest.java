package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkJsonTest {

    @TempDir
    Path dir;

    @Test
    void keepsOtherKeysAndReplacesItsOwn() throws Exception {
        BenchmarkJson b = new BenchmarkJson(dir.resolve("sub/recovery.json"));
        b.put("recovery.kill", Map.of("seconds", 3.5));
        b.put("scaling.deployments", Map.of("failed", 0));
        b.put("recovery.kill", Map.of("seconds", 4.0));
        JsonNode root = new ObjectMapper().readTree(b.file().toFile());
        assertThat(root.size()).isEqualTo(2);
        assertThat(root.path("recovery.kill").path("seconds").asDouble()).isEqualTo(4.0);
        assertThat(root.path("scaling.deployments").path("failed").asInt()).isZero();
        assertThat(root.path("recovery.kill").path("recorded_at").asText()).isNotEmpty();
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        Path file = dir.resolve("recovery.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            // separate instances, as separate test classes would hold
            fs.add(pool.submit(() -> new BenchmarkJson(file).put("k" + n, Map.of("n", n))));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(new ObjectMapper().readTree(file.toFile()).size()).isEqualTo(20);
    }
}
