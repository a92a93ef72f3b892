package dev.menderharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class BenchmarkChartsTest {

    private static final Map<String, Object> RECOVERY = Map.of(
            "recovery.kill-replica.mender-deployments", Map.of("seconds_to_healthy", 6.88,
                    "requests", Map.of("requests", 156, "latency", Map.of("samples", 117, "p50_ms", 14.5, "p99_ms", 58.1))),
            "recovery.node-loss", Map.of("node", "worker-2", "seconds_to_ready", 20.8));

    @Test
    void secondsChartHasABarPerTimeAndNothingElse() throws Exception {
        String svg = BenchmarkCharts.seconds("recovery", RECOVERY).orElseThrow();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(2);
        assertThat(svg).contains("recovery.node-loss.seconds_to_ready").contains("20.80")
                .doesNotContain("samples").doesNotContain("p50_ms");
    }

    @Test
    void latencyChartTakesPercentilesOnly() {
        String svg = BenchmarkCharts.latencies("latency", RECOVERY).orElseThrow();
        assertThat(svg).contains("latency.p50_ms").contains("latency.p99_ms").doesNotContain("seconds_to");
    }

    @Test
    void noNumbersNoChart() {
        assertThat(BenchmarkCharts.seconds("x", Map.of("a", Map.of("node", "worker-1")))).isEmpty();
    }
}
