package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempDirsTest {

    @Test
    void sweepRemovesTheDirectoriesOfDeadProcessesOnly(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path ofDead = Files.createDirectories(tmp.resolve("mh-chart-" + dead + "-123/mender/templates"));
        Files.writeString(ofDead.resolve("a.yaml"), "x");
        Path ofLiving = Files.createDirectories(tmp.resolve("mh-chart-" + ProcessHandle.current().pid() + "-456"));
        Path notOurs = Files.createDirectories(tmp.resolve("mh-chart-x"));
        Path otherPrefix = Files.createDirectories(tmp.resolve("mh-other-" + dead + "-1"));

        assertThat(TempDirs.sweep(tmp, "mh-chart-")).isEqualTo(1);

        assertThat(tmp.resolve("mh-chart-" + dead + "-123")).doesNotExist();
        assertThat(ofLiving).isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(otherPrefix).isDirectory();
    }

    @Test
    void createNamesTheDirectoryAfterThisProcess() throws Exception {
        Path d = TempDirs.create("mh-test-");
        try {
            assertThat(d.getFileName().toString()).startsWith("mh-test-" + ProcessHandle.current().pid() + "-");
            assertThat(d).isDirectory();
        } finally {
            TempDirs.deleteTree(d);
        }
        assertThat(d).doesNotExist();
    }
}
