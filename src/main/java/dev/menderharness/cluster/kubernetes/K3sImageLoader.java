package dev.menderharness.cluster.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.support.Reporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Loads images from the host engine into k3s's containerd ({@code docker save} then
 * {@code ctr images import}), skipping those k3s already holds with the same image ID (compared
 * through {@code crictl images}: the CRI image id is the config digest, which is Docker's image ID).
 * Images the host does not have are left for k3s to pull (upstream/mirror policies).
 */
final class K3sImageLoader {

    private final DockerClient docker;
    private final K3sContainer k3s;
    private final Reporter reporter;

    K3sImageLoader(DockerClient docker, K3sContainer k3s, Reporter reporter) {
        this.docker = docker;
        this.k3s = k3s;
        this.reporter = reporter;
    }

    void load(Set<String> images) {
        Set<String> present = presentIds(exec("crictl", "images", "-o", "json"));
        for (String image : images) {
            String id;
            try {
                id = docker.inspectImageCmd(image).exec().getId();
            } catch (NotFoundException e) {
                reporter.progress("k3s image " + image + ": not on the host engine, k3s pulls it");
                continue;
            }
            if (present.contains(id)) {
                reporter.progress("k3s image " + image + ": already loaded (" + id.substring(0, 19) + ")");
                continue;
            }
            reporter.step("load " + image + " into k3s", () -> importImage(image));
        }
    }

    /** Image IDs from {@code crictl images -o json}. */
    static Set<String> presentIds(String crictlJson) {
        Set<String> ids = new HashSet<>();
        try {
            for (JsonNode i : new ObjectMapper().readTree(crictlJson).path("images")) ids.add(i.path("id").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private void importImage(String image) throws IOException {
        Path tar = Files.createTempFile("k3s-image", ".tar");
        try {
            try (InputStream in = docker.saveImageCmd(image).exec()) {
                Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
            exec("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
            exec("rm", "-f", "/tmp/image.tar");
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private String exec(String... command) {
        try {
            ExecResult r = k3s.execInContainer(command);
            if (r.getExitCode() != 0) {
                throw new IllegalStateException("k3s: " + String.join(" ", command) + " exited " + r.getExitCode()
                        + ": " + K3sPreconditions.oneLine(r.getStderr()));
            }
            return r.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
