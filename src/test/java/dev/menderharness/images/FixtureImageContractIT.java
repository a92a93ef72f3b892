package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture image against {@code fixtures/images/contracts.yaml}: what of the real image it
 * reproduces (shell or not, entrypoint, cmd, user, workdir, stop signal, ports, volumes, env,
 * HEALTHCHECK, tools present and absent, files), checked on the built image with {@code docker
 * image inspect}, {@code docker run --rm --entrypoint TOOL IMAGE ...} probes, a listing of the
 * image's files and, for an image with a HEALTHCHECK, a container that must turn healthy. One test
 * per image; each lists every difference it found.
 */
@Tag("contract")
class FixtureImageContractIT {
    private static final String RUN_LABEL = "dev.menderharness.run";
    private static final String RUN_ID = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DockerCli DOCKER = new DockerCli("docker");
    /** docker run's own exit codes: 125 the daemon refused, 126 not executable, 127 not found. */
    private static final Set<Integer> NOT_STARTED = Set.of(125, 126, 127);

    @TestFactory
    Stream<DynamicTest> everyFixtureImageKeepsItsContract() {
        Path basedir = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
        ImagePolicy policy = ImagePolicy.of("fixture", null, basedir);
        List<ImageContract> contracts = ImageContract.load(basedir.resolve(ImageContract.FILE));
        assertThat(contracts).as("contracts in " + ImageContract.FILE).isNotEmpty();
        return contracts.stream().map(c -> DynamicTest.dynamicTest(c.fixture() + " as " + c.upstream(), () -> {
            String image = policy.resolve(c.upstream());
            List<String> problems = new ArrayList<>();
            problems.addAll(configuration(c, image));
            problems.addAll(tools(c, image));
            problems.addAll(files(c, image));
            problems.addAll(health(c, image));
            assertThat(problems).as("fixture " + image + " against the contract of " + c.upstream()
                    + " (" + c.source() + ")").isEmpty();
        }));
    }

    // --- configuration: docker image inspect ---------------------------------------------------

    private static List<String> configuration(ImageContract c, String image) throws IOException {
        DockerCli.Result r = DOCKER.run(List.of("image", "inspect", "--format", "{{json .Config}}", image), Map.of(), 60);
        assertThat(r.ok()).as("docker image inspect " + image + ": " + r.output()).isTrue();
        JsonNode config = JSON.readTree(r.output());
        List<String> problems = new ArrayList<>();
        compare(problems, "entrypoint", c.entrypoint(), strings(config.path("Entrypoint")));
        compare(problems, "cmd", c.cmd(), strings(config.path("Cmd")));
        compare(problems, "user", c.user(), config.path("User").asText(""));
        compare(problems, "workdir", c.workdir(), config.path("WorkingDir").asText(""));
        compare(problems, "stopsignal", c.stopsignal(), config.path("StopSignal").asText(""));
        compare(problems, "ports", new TreeSet<>(c.ports()), keys(config.path("ExposedPorts")));
        if (c.volumes() != null) compare(problems, "volumes", new TreeSet<>(c.volumes()), keys(config.path("Volumes")));
        List<String> env = strings(config.path("Env"));
        c.env().forEach((k, v) -> {
            if (!env.contains(k + "=" + v)) problems.add("env: want " + k + "=" + v + ", image has " + env);
        });
        compare(problems, "healthcheck", c.healthcheck(), healthcheck(config.path("Healthcheck")));
        return problems;
    }

    private static ImageContract.Healthcheck healthcheck(JsonNode h) {
        if (h.isMissingNode() || h.isNull() || h.path("Test").isMissingNode()) return null;
        return new ImageContract.Healthcheck(strings(h.path("Test")), Duration.ofNanos(h.path("Interval").asLong()),
                Duration.ofNanos(h.path("Timeout").asLong()), Duration.ofNanos(h.path("StartPeriod").asLong()),
                h.path("Retries").asInt());
    }

    // --- tools: docker run --rm --entrypoint TOOL ----------------------------------------------

    private static List<String> tools(ImageContract c, String image) {
        List<String> problems = new ArrayList<>();
        Probe shell = probe(image, "sh", "-c", "true");
        if (c.shell() && shell.exitCode() != 0) problems.add("shell: want /bin/sh, `sh -c true` gave " + shell);
        if (!c.shell() && shell.started()) problems.add("shell: want none, `sh -c true` started (" + shell + ")");
        for (String tool : c.toolsPresent()) {
            Probe p = probe(image, tool, versionArgs(tool));
            if (!p.started()) problems.add("tool " + tool + ": want present, " + p);
        }
        for (String tool : c.toolsAbsent()) {
            Probe p = probe(image, tool, versionArgs(tool));
            if (p.started()) problems.add("tool " + tool + ": want absent, it ran (" + p + ")");
        }
        return problems;
    }

    private static String[] versionArgs(String tool) {
        return switch (tool) {
            case "sh" -> new String[] {"-c", "true"};
            case "nginx" -> new String[] {"-v"};
            case "awk" -> new String[] {"-W", "version"};
            case "getent" -> new String[] {"hosts", "localhost"};
            default -> new String[] {"--version"};
        };
    }

    /** How {@code docker run --rm --entrypoint TOOL IMAGE ARGS} ended. */
    private record Probe(String tool, int exitCode, String output) {
        /** The tool's process ran (whatever its exit code), rather than docker failing to start it. */
        boolean started() {
            return !(NOT_STARTED.contains(exitCode) && (output.contains("OCI runtime") || output.contains("executable file not found")
                    || output.contains("no such file or directory") || output.contains("permission denied")));
        }

        @Override
        public String toString() {
            String out = output.strip();
            return tool + " exit " + exitCode + (out.isEmpty() ? "" : ": " + (out.length() > 300 ? out.substring(0, 300) + "..." : out));
        }
    }

    private static Probe probe(String image, String tool, String... args) {
        String name = RUN_ID + "-probe-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--name", name, "--label", RUN_LABEL + "=" + RUN_ID,
                "--network", "none", "--entrypoint", tool, image));
        cmd.addAll(List.of(args));
        try {
            DockerCli.Result r = DOCKER.run(cmd, Map.of(), 60);
            return new Probe(tool, r.exitCode(), r.output());
        } catch (ImageException e) { // did not finish: it started, but must not be left running
            // -v: the image's VOLUMEs (mongo's /data/db, MinIO's /data) go with the container
            DOCKER.run(List.of("rm", "-f", "-v", name), Map.of(), 30);
            return new Probe(tool, -1, "still running after 60 s: " + e.getMessage());
        }
    }

    // --- files: the image's file system as docker export lists it ------------------------------

    private static List<String> files(ImageContract c, String image) throws Exception {
        if (c.files().isEmpty()) return List.of();
        DockerCli.Result created = DOCKER.run(List.of("create", "--label", RUN_LABEL + "=" + RUN_ID, image), Map.of(), 60);
        assertThat(created.ok()).as("docker create " + image + ": " + created.output()).isTrue();
        String id = created.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        Set<String> paths = new HashSet<>();
        try {
            Process p = new ProcessBuilder("docker", "export", id).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = p.getInputStream(); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String name = "/" + e.getName().replaceAll("^\\./", "");
                    paths.add(e.isDirectory() && !name.endsWith("/") ? name + "/" : name);
                }
            }
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("docker export " + image).isTrue();
        } finally {
            // -v: docker create made the image's VOLUMEs too; without it they stay behind, dangling
            DOCKER.run(List.of("rm", "-f", "-v", id), Map.of(), 30);
        }
        List<String> problems = new ArrayList<>();
        for (String f : c.files()) {
            if (!paths.contains(f)) problems.add("file " + f + ": missing");
        }
        return problems;
    }

    // --- the image's own HEALTHCHECK, run as docker runs it -------------------------------------

    private static List<String> health(ImageContract c, String image) throws InterruptedException {
        if (c.healthcheck() == null) return List.of();
        String name = RUN_ID + "-health-" + c.fixture();
        DockerCli.Result started = DOCKER.run(List.of("run", "-d", "--name", name, "--label", RUN_LABEL + "=" + RUN_ID, image), Map.of(), 60);
        try {
            if (!started.ok()) return List.of("healthcheck: container did not start: " + started.output().strip());
            long deadline = System.nanoTime() + c.healthcheck().interval().multipliedBy(3).plusSeconds(30).toNanos();
            String status = "";
            while (System.nanoTime() < deadline) {
                status = DOCKER.run(List.of("inspect", "--format", "{{.State.Health.Status}}", name), Map.of(), 30).output().strip();
                if (status.equals("healthy")) return List.of();
                Thread.sleep(1000);
            }
            String log = DOCKER.run(List.of("inspect", "--format", "{{json .State.Health.Log}}", name), Map.of(), 30).output().strip();
            return List.of("healthcheck: not healthy in time (" + status + "), health log " + log);
        } finally {
            // -v: the image's VOLUMEs (mongo's /data/db, MinIO's /data) go with the container
            DOCKER.run(List.of("rm", "-f", "-v", name), Map.of(), 30);
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static void compare(List<String> problems, String what, Object want, Object got) {
        if (!java.util.Objects.equals(want, got)) problems.add(what + ": want " + want + ", image has " + got);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static TreeSet<String> keys(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        if (object.isObject()) object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
