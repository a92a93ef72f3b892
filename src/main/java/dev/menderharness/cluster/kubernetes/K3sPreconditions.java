package dev.menderharness.cluster.kubernetes;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What k3s needs from the host engine, checked before anything starts, so a host that cannot run
 * it says why in one line instead of failing (or waiting on Testcontainers' pull retries): the k3s
 * image present locally or pullable now (one pull attempt), and privileged containers allowed.
 */
final class K3sPreconditions {

    static final String PREFIX = "k3s cannot run on this host: ";

    private K3sPreconditions() {
    }

    /** Empty when k3s can start; else the one-line reason. Pulls the image when missing. */
    static Optional<String> unmet(DockerClient docker, String image, Map<String, String> labels) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException missing) {
            try {
                boolean done = docker.pullImageCmd(image).exec(new QuietPull()).awaitCompletion(10, TimeUnit.MINUTES);
                if (!done) return Optional.of(PREFIX + "pulling " + image + " did not finish within 10 minutes");
                docker.inspectImageCmd(image).exec();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(PREFIX + "interrupted while pulling " + image);
            } catch (RuntimeException e) {
                return Optional.of(PREFIX + "image " + image + " is not present locally and cannot be pulled ("
                        + oneLine(e.getMessage()) + ")");
            }
        }
        CreateContainerResponse probe = null;
        try {
            probe = docker.createContainerCmd(image).withEntrypoint("/bin/k3s").withCmd("--version").withLabels(labels)
                    .withHostConfig(HostConfig.newHostConfig().withPrivileged(true)).exec();
            docker.startContainerCmd(probe.getId()).exec();
            Integer code = docker.waitContainerCmd(probe.getId()).start().awaitStatusCode(60, TimeUnit.SECONDS);
            if (code == null || code != 0) {
                return Optional.of(PREFIX + "a privileged " + image + " container exited with " + code);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(PREFIX + "the engine refuses privileged containers, which k3s needs ("
                    + oneLine(e.getMessage()) + ")");
        } finally {
            if (probe != null) {
                try {
                    docker.removeContainerCmd(probe.getId()).withForce(true).withRemoveVolumes(true).exec(); // k3s declares VOLUMEs
                } catch (RuntimeException ignored) {
                    // best effort; the run label lets the reaper remove it
                }
            }
        }
    }

    /** A failed pull is an expected answer here, not an error to log with a stack trace. */
    private static final class QuietPull extends com.github.dockerjava.api.command.PullImageResultCallback {
        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            try {
                close();
            } catch (java.io.IOException ignored) {
                // closing a finished stream
            }
        }

        @Override
        public QuietPull awaitCompletion() throws InterruptedException {
            super.awaitCompletion();
            rethrow();
            return this;
        }

        @Override
        public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
            boolean done = super.awaitCompletion(timeout, unit);
            rethrow();
            return done;
        }

        private void rethrow() {
            if (failure instanceof RuntimeException r) throw r;
            if (failure != null) throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    /** One line; the engine's JSON error ({@code Status 500: {"message":"..."}}) reduced to its message. */
    static String oneLine(String s) {
        if (s == null) return "no detail";
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(s);
        String text = m.find() ? m.group(1).replace("\\\"", "\"") : s;
        return text.replaceAll("\\s+", " ").trim();
    }
}
