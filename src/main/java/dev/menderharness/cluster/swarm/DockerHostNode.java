package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.menderharness.cluster.ExecResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A node of a user's swarm reached through DOCKER_HOST. Its docker CLI commands run on this
 * machine with DOCKER_HOST set to the node's engine; files for them stay where they are.
 * {@code client} is null when the node's engine is not reachable from here (workers often are not).
 */
final class DockerHostNode implements SwarmMember {

    static final Duration EXEC_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final URI dockerHost;
    private final DockerClient client;
    private final java.util.Map<Integer, Integer> publishedPorts;

    DockerHostNode(String name, URI dockerHost, DockerClient client) {
        this(name, dockerHost, client, java.util.Map.of());
    }

    /** {@code publishedPorts}: port as the manifests publish it to the one the run uses instead. */
    DockerHostNode(String name, URI dockerHost, DockerClient client, java.util.Map<Integer, Integer> publishedPorts) {
        this.name = name;
        this.dockerHost = dockerHost;
        this.client = client;
        this.publishedPorts = publishedPorts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String dockerHost() {
        return dockerHost.toString();
    }

    boolean reachable() {
        return client != null;
    }

    @Override
    public DockerClient client() {
        if (client == null) {
            throw new IllegalStateException("the engine of swarm node " + name + " is not reachable from here at " + dockerHost
                    + "; this operation needs it (cluster docker-host)");
        }
        return client;
    }

    @Override
    public ExecResult exec(String... command) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(List.of(command));
        pb.environment().put("DOCKER_HOST", dockerHost.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(EXEC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new ExecResult(124, out.getNow(""), "(timed out after " + EXEC_TIMEOUT + ")", took(t0));
            }
            return new ExecResult(p.exitValue(), out.join(), err.join(), took(t0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + command[0] + "` on this machine (cluster docker-host runs the docker CLI"
                    + " locally with DOCKER_HOST=" + dockerHost + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public String copyIn(Path localDir, String remoteDir) {
        return localDir.toAbsolutePath().toString(); // the docker CLI runs here and reads local files
    }

    @Override
    public URI published(String scheme, int nodePort) {
        return URI.create(scheme + "://" + dockerHost.getHost() + ":" + publishedPorts.getOrDefault(nodePort, nodePort));
    }
}
