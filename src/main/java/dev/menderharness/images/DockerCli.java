package dev.menderharness.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The few Docker engine calls image building needs, through the {@code docker} CLI. The CLI (not
 * docker-java) because {@code docker import -} from a tar stream and the classic builder's use of
 * local parent images are one command each, the user can re-run the same command by hand, and
 * DOCKER_HOST/contexts are honoured exactly as for the user's own docker commands.
 */
public class DockerCli {
    private static final int TAIL_LINES = 40;
    private final String executable;

    public DockerCli(String executable) {
        this.executable = executable;
    }

    /** The docker command the settings name ({@code MENDER_HARNESS_DOCKER}, default {@code docker}). */
    public static DockerCli of(dev.menderharness.support.Settings settings) {
        return new DockerCli(settings.dockerCli());
    }

    /** Output and exit code of a finished command (stdout and stderr merged). */
    public record Result(int exitCode, String output) {
        public boolean ok() { return exitCode == 0; }

        /** The last {@code n} lines of output, for one-glance failure messages. */
        public String tail(int n) {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** Image ID of a local image, or empty when it does not exist. */
    public Optional<String> imageId(String ref) {
        Result r = run(List.of("image", "inspect", "--format", "{{.Id}}", ref), Map.of(), 60);
        if (r.ok()) return Optional.of(r.output().trim());
        r.output().lines().filter(l -> !l.isBlank() && !l.contains("No such")).findFirst().ifPresent(DockerCli::engineError);
        return Optional.empty();
    }

    /** ID and size of a local image. */
    public record ImageInfo(String id, long sizeBytes) {
    }

    /**
     * The local images among {@code refs}, in one engine call (a warm build checks every fixture
     * at once; one CLI start per image would cost more than all the hashing).
     */
    public Map<String, ImageInfo> inspectAll(List<String> refs) {
        if (refs.isEmpty()) return Map.of();
        List<String> args = new ArrayList<>(List.of("image", "inspect", "--format",
                "{{.Id}} {{.Size}} {{range .RepoTags}}{{.}},{{end}}"));
        args.addAll(refs);
        Result r = run(args, Map.of(), 120); // exits 1 when some are missing; the found ones still print
        Map<String, ImageInfo> found = new java.util.HashMap<>();
        for (String line : r.output().lines().toList()) {
            String[] parts = line.trim().split(" ", 3);
            if (parts.length < 3 || !parts[0].startsWith("sha256:")) {
                if (!line.isBlank() && !line.contains("No such")) engineError(line);
                continue;
            }
            for (String tag : parts[2].split(",")) {
                if (refs.contains(tag)) found.put(tag, new ImageInfo(parts[0], Long.parseLong(parts[1])));
            }
        }
        return found;
    }

    /** Anything but "no such image" means the engine itself is not usable: say so in one line. */
    private static void engineError(String line) {
        throw new ImageException("docker engine not usable (" + line.trim() + "): is dockerd running and DOCKER_HOST right?");
    }

    /** Size in bytes of a local image (its own layers plus its parents'). */
    public long imageSize(String ref) {
        Result r = run(List.of("image", "inspect", "--format", "{{.Size}}", ref), Map.of(), 60);
        if (!r.ok()) throw new ImageException("docker image inspect " + ref + " failed: " + r.tail(1));
        return Long.parseLong(r.output().trim());
    }

    /**
     * {@code docker build} with the classic builder: BuildKit would look {@code FROM} images up in
     * a registry, and these hosts have none. Output is kept quiet unless the build fails.
     */
    public void build(Path context, String tag, Map<String, String> buildArgs, Map<String, String> labels,
                      boolean noCache) {
        List<String> args = new ArrayList<>(List.of("build", "--force-rm", "-t", tag));
        if (noCache) args.add("--no-cache");
        buildArgs.forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
        args.add(context.toString());
        Result r = run(args, Map.of("DOCKER_BUILDKIT", "0"), 1800);
        if (!r.ok()) {
            throw new ImageException("docker build of " + tag + " failed (exit " + r.exitCode() + "), last "
                    + TAIL_LINES + " lines:\n" + r.tail(TAIL_LINES));
        }
    }

    /** {@code tar -C rootfs -c . | docker import --change ... - tag}. */
    public void importRootfs(Path rootfs, String tag, List<String> changes) {
        List<String> importCmd = new ArrayList<>(List.of(executable, "import"));
        changes.forEach(c -> importCmd.addAll(List.of("--change", c)));
        importCmd.addAll(List.of("-", tag));
        try {
            Path log = Files.createTempFile("mender-harness-import", ".log");
            try {
                List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                        new ProcessBuilder("tar", "-C", rootfs.toString(), "-c", ".")
                                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())),
                        new ProcessBuilder(importCmd).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))));
                int tarExit = pipeline.get(0).waitFor();
                int importExit = pipeline.get(1).waitFor();
                if (tarExit != 0 || importExit != 0) {
                    throw new ImageException("importing " + rootfs + " as " + tag + " failed (tar exit " + tarExit
                            + ", docker import exit " + importExit + "): "
                            + new Result(1, Files.readString(log)).tail(TAIL_LINES));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new ImageException("cannot run tar | docker import: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while importing " + tag, e);
        }
    }

    /** Runs {@code docker ARGS} and returns its merged output; a missing CLI is a one-line error. */
    public Result run(List<String> args, Map<String, String> env, long timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(args);
        return runCommand(cmd, env, timeoutSeconds);
    }

    /** Runs any host command (debootstrap, id) the same way. */
    public static Result runCommand(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            // output read as it comes (no temp file: nothing of a run is left in /tmp if it is killed)
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ImageException(cmd.get(0) + " " + cmd.get(1) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImageException("cannot run '" + cmd.get(0) + "': " + e.getMessage()
                    + " (is it installed and on PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while running " + cmd.get(0), e);
        }
    }
}
