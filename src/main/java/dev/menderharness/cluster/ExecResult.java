package dev.menderharness.cluster;

import java.time.Duration;

/** What a command run in a probe container/pod or a service replica returned. */
public record ExecResult(int exitCode, String stdout, String stderr, Duration took) {
    public boolean ok() {
        return exitCode == 0;
    }
}
