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
        String out = "1 1700000000 204\n1 1700000001 503\n1 1700000001 000\n1 1700000002 204\n2 1700000000 204\n2 1700000002 204\n";
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
     * Each API is asked in its own loop, all at once, again 0.1 s after its last answer: a slow health
     * endpoint (here d, 1 s per answer) does not make the watch miss a short outage of a fast one.
     * Run with sh and a curl that logs when it was called; MongoDB is "down" for 1.5 s. The fast API is
     * counted between the slow one's first two calls: one loop asking in turn gives exactly one call
     * there, own loops about seven (0.15 s each); at least three leaves room for a loaded machine.
     */
    @Test
    void everyApiIsAskedInItsOwnLoopAndEachStopsThreeHealthyAnswersAfterABadOne(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Path down = dir.resolve("down");
        Files.writeString(bin.resolve("curl"), "#!/bin/sh\nfor a; do u=$a; done\n"
                + "echo \"$(date +%s%N) $u\" >>" + calls + "\n"
                + "case $u in *d/h) sleep 1;; *) sleep 0.05;; esac\n"
                + "if [ -e " + down + " ]; then printf 503; else printf 204; fi\n");
        bin.resolve("curl").toFile().setExecutable(true);
        Files.writeString(down, "");
        List<String> urls = List.of("http://a/h", "http://b/h", "http://c/h", "http://d/h");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", MongoRestartCheck.watchScript(urls, 20));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        Waits.pause(Duration.ofMillis(1500));
        Files.delete(down);
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("the watch stops once every API was healthy again").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(MongoRestartCheck.healthSeen(out, List.of("a", "b", "c", "d")).values())
                .allMatch(v -> v.startsWith("unhealthy"));
        List<String> a = out.lines().filter(l -> l.startsWith("1 ")).toList();
        assertThat(a.subList(a.size() - 3, a.size())).allMatch(l -> l.endsWith(" 204"));
        List<String> log = Files.readAllLines(calls);
        List<Long> slowAt = callTimes(log, "http://d/h");
        assertThat(slowAt).as("the slow API is asked at least twice").hasSizeGreaterThanOrEqualTo(2);
        long fastWhileSlowAnswers = callTimes(log, "http://a/h").stream()
                .filter(t -> t > slowAt.get(0) && t < slowAt.get(1)).count();
        assertThat(fastWhileSlowAnswers).as("the fast API is asked many times while the slow one answers")
                .isGreaterThanOrEqualTo(3);
    }

    /** Call times (epoch ns) of one URL in the fake curl's log, in order. */
    private static List<Long> callTimes(List<String> log, String url) {
        return log.stream().filter(l -> l.endsWith(" " + url)).map(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).toList();
    }
}
