package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

/** The user's Docker engine, as Testcontainers finds it, with one-line errors for the usual mistakes. */
public final class HostDocker {

    private HostDocker() {
    }

    /** The host engine's client, or a one-line error saying Docker is missing and how to fix it. */
    public static DockerClient client() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new NoDockerException();
        }
        return DockerClientFactory.instance().client();
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
