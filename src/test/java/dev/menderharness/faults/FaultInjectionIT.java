package dev.menderharness.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cluster.HostDocker;
import dev.menderharness.cluster.Reaper;
import dev.menderharness.cluster.RunDirectory;
import dev.menderharness.cluster.RunLabels;
import dev.menderharness.junit.Tags;
import dev.menderharness.report.AllureReporter;
import dev.menderharness.support.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs killed half-way leave nothing behind: a SIGKILLed {@code up} (at three points of its
 * bring-up) is reaped by the next run's reaper, a SIGTERMed {@code up} removes its half-made run
 * itself, and a test JVM SIGTERMed during a check removes its cluster. Each run is a process of
 * its own; the state directory is the build's, so nothing goes to the user's home.
 */
@Tag(Tags.FAULTS)
@Tag(Tags.SWARM) // its runs are `up --provider swarm`: the k3s workflow's '!swarm' leaves it out
class FaultInjectionIT {

    private static final Settings SETTINGS = Settings.fromEnvironment();
    private static final Path STATE = SETTINGS.projectDir().resolve("target/fault-injection/runs");
    private static final Duration STAGE_WITHIN = Duration.ofMinutes(3);
    private static final Pattern RUN_ID = Pattern.compile("\\b(r\\d{12}[0-9a-f]{4})\\b");

    /** A process of the harness and its output lines as they come. */
    private record Run(Process process, BlockingQueue<String> lines, List<String> seen) {

        static Run start(List<String> command) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Run run = new Run(p, new LinkedBlockingQueue<>(), new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) run.lines().add(line);
                } catch (IOException ignored) {
                    // the process was killed
                }
            }, "fault-run-output");
            reader.setDaemon(true);
            reader.start();
            return run;
        }

        /** Waits for a line containing {@code text}; returns it. */
        String await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + STAGE_WITHIN.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    if (!process.isAlive() && lines.isEmpty()) break;
                    continue;
                }
                seen.add(line);
                if (line.contains(text)) return line;
            }
            throw new AssertionError("no line containing '" + text + "' within " + STAGE_WITHIN + "; output:\n"
                    + String.join("\n", seen.subList(Math.max(0, seen.size() - 30), seen.size())));
        }

        /** The last lines the process printed (for a failure message: what its hooks said). */
        String tail() {
            lines.drainTo(seen);
            return String.join("\n", seen.subList(Math.max(0, seen.size() - 40), seen.size()));
        }

        /** The run id the harness printed (up's first line, a session's bring-up line). */
        String runId(String marker) throws InterruptedException {
            Matcher m = RUN_ID.matcher(await(marker));
            assertThat(m.find()).as("a run id in the '" + marker + "' line").isTrue();
            return m.group(1);
        }
    }

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dimage.policy=" + SETTINGS.imagePolicy(), "-Dproject.basedir=" + SETTINGS.projectDir(),
                "-Dmanifests.dir=" + SETTINGS.manifestsDir().toAbsolutePath(), "-Dharness.state-dir=" + STATE,
                "-Dallure.results.directory=" + SETTINGS.projectDir().resolve("target/fault-injection/allure-results")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> up() {
        return java("-jar", SETTINGS.projectDir().resolve("target/mender-cluster-harness.jar").toString(),
                "up", "--provider", "swarm", "--no-build", "--manifests", SETTINGS.manifestsDir().toAbsolutePath().toString());
    }

    private static Reaper reaper() {
        return new Reaper(HostDocker.testcontainers(), AllureReporter.INSTANCE, STATE);
    }

    /**
     * SIGKILL (no hook runs) while the nodes start, while the stack's images load into them, while
     * the stack is deployed: the dead run's containers, network and volume stay, and the next
     * run's reaper, which every bring-up runs first, removes every one of them and its directory.
     */
    @ParameterizedTest(name = "killed when the output says \"{0}\"")
    @ValueSource(strings = {"nodes: starting after", "swarm of 3 nodes ready", "waiting for stack"})
    void aKilledUpIsReapedByTheNextRun(String stage) throws Exception {
        Run up = Run.start(up());
        String runId = up.runId("run id:");
        up.await(stage);
        up.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Reaper reaper = reaper();
        int left = reaper.list(runId).size();
        AllureReporter.INSTANCE.progress("up of run " + runId + " killed at '" + stage + "': " + left + " resources left");
        assertThat(left).as("a killed run leaves resources (else this test proves nothing)").isPositive();

        assertThat(reaper.reap(RunLabels.newRunId())).as("runs the next run's reaper removed").contains(runId);

        assertThat(reaper.list(runId)).as("containers, networks and volumes of the dead run").isEmpty();
        assertThat(RunDirectory.of(STATE, runId)).as("the dead run's directory").doesNotExist();
    }

    /** SIGTERM (Ctrl-C) while up deploys: its hook removes the half-made run, nothing is kept. */
    @Test
    void anInterruptedUpRemovesItsHalfMadeRun() throws Exception {
        Run up = Run.start(up());
        String runId = up.runId("run id:");
        up.await("waiting for stack");
        up.process().destroy();
        assertThat(up.process().waitFor(2, TimeUnit.MINUTES)).as("up ended after SIGTERM").isTrue();
        assertThat(reaper().list(runId)).as("what the interrupted up had made; its last output:\n%s", up.tail()).isEmpty();
        assertThat(RunDirectory.of(STATE, runId)).doesNotExist();
    }

    /**
     * SIGTERM to a test JVM while a check runs: the session's hook removes the cluster, so
     * `down --all` afterwards finds no kept run and nothing of that run.
     */
    @Test
    void aTestRunInterruptedDuringACheckRemovesItsCluster() throws Exception {
        Run suite = Run.start(java("-cp", System.getProperty("java.class.path"), NestedSuite.class.getName(),
                "dev.menderharness.faults.FaultInjectionIT$DnsProbeSuite"));
        String runId = suite.runId("bring-up: swarm cluster, run");
        suite.await("check is running");
        suite.process().destroy();
        assertThat(suite.process().waitFor(3, TimeUnit.MINUTES)).as("the test JVM ended after SIGTERM").isTrue();
        Reaper reaper = reaper();
        assertThat(reaper.list(runId)).as("what the interrupted test run had made; its last output:\n%s", suite.tail()).isEmpty();
        assertThat(Reaper.keptRuns(reaper.list(null))).doesNotContain(runId);
        assertThat(Files.exists(RunDirectory.of(STATE, runId))).isFalse();
    }

    /** The suite run in a JVM of its own by the test above: a "check" that runs until the JVM is stopped. */
    @dev.menderharness.junit.MenderClusterTest
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "harness.state-dir", matches = ".*fault-injection.*")
    static class DnsProbeSuite {
        @Test
        void resolvesUntilStopped(dev.menderharness.cluster.RunningStack stack) throws Exception {
            System.out.println("[harness] check is running");
            while (true) {
                stack.probe("mender-useradm", "getent", "hosts", "mender-useradm");
                Thread.sleep(500);
            }
        }
    }
}
