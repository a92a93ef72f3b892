package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBenchmarkTest {
    @TempDir
    Path dir;

    private static FixtureImageBuilder.Outcome o(String name, boolean built, double s) {
        return new FixtureImageBuilder.Outcome(name, "mender-harness/" + name + ":x", built, s, 1000);
    }

    @Test
    void coldWarmAndPartialRunsAreKeptSideBySide() throws Exception {
        Path f = dir.resolve("b/images.json");
        ImageBenchmark.record(f, List.of(o("base", true, 30), o("jre", true, 60)), 90.5);
        ImageBenchmark.record(f, List.of(o("base", false, 0.1), o("jre", false, 0.2)), 1.25);
        String json = Files.readString(f);
        assertThat(json).contains("\"cold\": {").contains("\"totalSeconds\": 90.50").contains("\"warm\": {")
                .contains("\"totalSeconds\": 1.25").contains("\"partial\": null");
        ImageBenchmark.record(f, List.of(o("base", false, 0.1), o("jre", true, 50)), 50.1);
        String again = Files.readString(f);
        assertThat(again).contains("\"totalSeconds\": 90.50").contains("\"totalSeconds\": 1.25")
                .contains("\"totalSeconds\": 50.10");
        assertThat(again.indexOf("\"cold\"")).isLessThan(again.indexOf("\"warm\""));
    }
}
