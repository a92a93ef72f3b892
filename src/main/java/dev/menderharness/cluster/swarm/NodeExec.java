package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.menderharness.cluster.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code docker exec} in a container of one node, through that node's docker-java client. */
public final class NodeExec {

    private NodeExec() {
    }

    public static ExecResult run(DockerClient node, String containerId, Duration timeout, String... command) {
        long t0 = System.nanoTime();
        String execId = node.execCreateCmd(containerId).withCmd(command)
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try (ResultCallback.Adapter<Frame> cb = node.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                if (frame.getStreamType() == StreamType.STDERR) {
                    err.append(text);
                } else {
                    out.append(text);
                }
            }
        })) {
            if (!cb.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new ExecResult(124, out.toString(), err + "\n(timed out after " + timeout + ")", took(t0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Long code = node.inspectExecCmd(execId).exec().getExitCodeLong();
        return new ExecResult(code == null ? -1 : code.intValue(), out.toString(), err.toString(), took(t0));
    }

    private static Duration took(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
