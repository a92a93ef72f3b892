package dev.menderharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept run's state on disk: its JSON and its engine client certificate go together at `down`. */
class RunStateTest {

    @TempDir
    Path home;
    private String savedHome;

    @BeforeEach
    void useTempHome() {
        savedHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        System.setProperty("user.home", savedHome);
    }

    @Test
    void deletingARunRemovesItsStateAndItsEngineCertificatesButNoOtherRuns() throws Exception {
        Path state = RunState.write("r1", Map.of("runId", "r1"));
        RunState.write("r2", Map.of("runId", "r2"));
        Path certs = RunState.engineCertDir("r1");
        Files.createDirectories(certs);
        for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) Files.writeString(certs.resolve(f), f);

        RunState.delete("r1");

        assertThat(state).doesNotExist();
        assertThat(certs).doesNotExist();
        assertThat(RunState.dir().resolve("r2.json")).exists();
    }

    @Test
    void deletingARunWithoutCertificatesIsFine() {
        Path state = RunState.write("r3", Map.of("runId", "r3"));
        RunState.delete("r3");
        assertThat(state).doesNotExist();
    }
}
