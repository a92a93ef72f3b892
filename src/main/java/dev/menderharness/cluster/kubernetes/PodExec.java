package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.ExecResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command in a pod's container through the API server (kubectl exec), with a time limit. */
final class PodExec {

    private PodExec() {
    }

    static ExecResult run(KubernetesClient client, String namespace, String pod, String container,
                          Duration timeout, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        var target = client.pods().inNamespace(namespace).withName(pod);
        var execable = container == null ? target.writingOutput(out).writingError(err)
                : target.inContainer(container).writingOutput(out).writingError(err);
        int code;
        try (ExecWatch watch = execable.exec(command)) {
            code = watch.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            code = 124; // what timeout(1) returns, so callers read it as "timed out"
            err.writeBytes(("timed out after " + timeout.toSeconds() + "s").getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            code = 126;
            err.writeBytes(String.valueOf(e.getCause().getMessage()).getBytes(StandardCharsets.UTF_8));
        }
        return new ExecResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
