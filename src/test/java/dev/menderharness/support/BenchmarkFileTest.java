package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFileTest {

    @TempDir
    Path dir;

    @Test
    void keepsOtherKeysAndReplacesItsOwn() throws Exception {
        BenchmarkFile b = new BenchmarkFile(dir.resolve("sub/recovery.json"));
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
            fs.add(pool.submit(() -> new BenchmarkFile(file).put("k" + n, Map.of("n", n))));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(new ObjectMapper().readTree(file.toFile()).size()).isEqualTo(20);
    }

    @Test
    void theCallerSaysWhereTheFileIs() {
        BenchmarkFile b = BenchmarkFile.in(dir.resolve("benchmarks"), "dns");
        assertThat(b.file()).isEqualTo(dir.resolve("benchmarks").resolve("dns.json"));
        b.put("dns.resolution", Map.of("lookups", 3));
        assertThat(dir.resolve("benchmarks/dns.json")).exists();
    }

    @Test
    void returnsTheEntryWrittenWithItsOrderAndNulls() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("z_first", 1);
        values.put("a_second", null);
        String entry = BenchmarkFile.in(dir, "recovery").put("k", values);
        JsonNode e = new ObjectMapper().readTree(entry);
        assertThat(e.fieldNames()).toIterable().containsExactly("z_first", "a_second", "recorded_at");
        assertThat(e.path("a_second").isNull()).isTrue();
    }

    @Test
    void refusesToOverwriteAFileThatIsNoJsonObject() throws Exception {
        Path file = dir.resolve("dns.json");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> new BenchmarkFile(file).put("k", Map.of("n", 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not a JSON object");
        assertThat(Files.readString(file)).isEqualTo("[1, 2]");
    }
}
