package dev.menderharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/** The user's Docker engine, as Testcontainers finds it, with one-line errors for the usual mistakes. */
public final class HostDocker {

    private HostDocker() {
    }

    /**
     * The host engine's client for a run: kept runs ({@code up}) get a plain docker-java client, so
     * that nothing of Testcontainers (Ryuk, its JVM-exit reaper) ever knows the nodes they keep;
     * throwaway runs get Testcontainers' client.
     */
    public static DockerClient forRun(dev.menderharness.cluster.ClusterOptions options) {
        return options.keep() ? direct(options.settings()) : testcontainers();
    }

    /** Testcontainers' client of the host engine, or a one-line error saying Docker is missing and how to fix it. */
    public static DockerClient testcontainers() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new NoDockerException();
        }
        return DockerClientFactory.instance().client();
    }

    /**
     * A plain docker-java client of the engine {@code DOCKER_HOST} names (else the local socket),
     * checked with a ping. The CLI uses it for everything: no Testcontainers (Ryuk) for a build, a
     * clean-up or a kept run.
     */
    public static DockerClient direct(dev.menderharness.support.Settings settings) {
        String env = settings.dockerHost();
        DockerClient c = at(URI.create(env.isBlank() ? "unix:///var/run/docker.sock" : env));
        try {
            c.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new NoDockerException();
        }
        return c;
    }

    /** A docker-java client of the engine at {@code uri} (tcp://host:port or unix:///path), not pinged. */
    public static DockerClient at(URI uri) {
        return DockerClientProviderStrategy.getClientForConfig(TransportConfig.builder().dockerHost(uri).build());
    }

    /** A harness image that must already be on the host engine (nothing is pulled implicitly). */
    public static void requireImage(DockerClient host, String image, String upstreamName) {
        try {
            host.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new MissingImageException(image, upstreamName);
        }
    }

    /** Docker is not reachable: says so and how to fix it, in one line. */
    public static final class NoDockerException extends IllegalStateException {
        NoDockerException() {
            super("no Docker engine reachable: start dockerd (or set DOCKER_HOST) and, on hosts without a registry,"
                    + " export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost");
        }
    }

    /** An image the run needs is not on the host engine. */
    public static final class MissingImageException extends IllegalStateException {
        MissingImageException(String image, String upstreamName) {
            super("image " + image + (image.equals(upstreamName) ? "" : " (for " + upstreamName + ")")
                    + " is not on the Docker host; build the fixture images with"
                    + " `java -jar target/mender-cluster-harness.jar images build --policy fixture`"
                    + " or pull it where a registry is reachable (`docker pull " + upstreamName + "`)");
        }
    }
}
