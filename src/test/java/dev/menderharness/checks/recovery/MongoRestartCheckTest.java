package dev.menderharness.checks.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoRestartCheckTest {

    private static final List<String> SVCS = List.of("a", "b");

    @Test
    void readsWhichServicesWereSeenUnhealthy() {
        String out = "1700000000 204 204\n1700000001 503 204\n1700000001 000 204\n1700000002 204 204\n";
        Map<String, String> seen = MongoRestartCheck.healthSeen(out, SVCS);
        assertThat(seen.get("a")).startsWith("unhealthy").contains("000").contains("503");
        assertThat(seen.get("b")).isEqualTo("healthy only [204]");
    }

    @Test
    void noReadingsIsNotHealthy() {
        Map<String, String> seen = MongoRestartCheck.healthSeen("sh: curl: not found\n", SVCS);
        assertThat(seen.get("a")).startsWith("no data");
        assertThat(MongoRestartCheck.healthSeen(null, SVCS).get("b")).startsWith("no data");
    }

    /**
     * The watch asks every API at the same instant: MongoDB may be gone for only ~3 s, shorter
     * than one request after another takes while it is gone. Run with sh and a curl that takes
     * 0.3 s and logs when it was called.
     */
    @Test
    void theWatchAsksEveryApiAtOnceAndStopsThreeHealthyRoundsAfterABadOne(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Path down = dir.resolve("down");
        Files.writeString(bin.resolve("curl"), "#!/bin/sh\nfor a; do u=$a; done\n"
                + "echo \"$(date +%s%N) $u\" >>" + calls + "\nsleep 0.3\n"
                + "if [ -e " + down + " ]; then printf 503; else printf 204; fi\n");
        bin.resolve("curl").toFile().setExecutable(true);
        Files.writeString(down, "");
        List<String> urls = List.of("http://a/h", "http://b/h", "http://c/h", "http://d/h");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", MongoRestartCheck.watchScript(urls, 20));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Waits.pause(Duration.ofMillis(900));
        Files.delete(down);
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("the watch stops once healthy again").isTrue();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(out.get(0)).matches("\\d+ 503 503 503 503");
        assertThat(out.subList(out.size() - 3, out.size())).allMatch(l -> l.matches("\\d+ 204 204 204 204"));
        assertThat(MongoRestartCheck.healthSeen(String.join("\n", out), List.of("a", "b", "c", "d")).values())
                .allMatch(v -> v.startsWith("unhealthy"));
        List<String[]> log = Files.readAllLines(calls).stream().map(l -> l.split(" ")).toList();
        assertThat(log).hasSize(4 * out.size());
        for (int round = 0; round < out.size(); round++) {
            List<String[]> r = log.subList(4 * round, 4 * round + 4);
            long first = r.stream().mapToLong(c -> Long.parseLong(c[0])).min().orElseThrow();
            long last = r.stream().mapToLong(c -> Long.parseLong(c[0])).max().orElseThrow();
            assertThat((last - first) / 1_000_000).as("ms between the first and last request of round " + round).isLessThan(200);
            assertThat(r.stream().map(c -> c[1]).toList()).containsExactlyInAnyOrderElementsOf(urls);
        }
    }
}
