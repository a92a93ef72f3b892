package dev.menderharness.cluster;

import java.time.Duration;

/** What a command run in a probe container/pod or a service replica returned. */
public record ExecResult(int exitCode, String stdout, String stderr, Duration took) {
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * Whether the command never started because its executable is not in the container (the Mender
     * service images are FROM scratch: no shell, no tools): exit 126/127 with no output, or the
     * runtime's own words for it ("executable file not found", "no such file or directory").
     */
    public boolean executableMissing() {
        if (!stdout.isEmpty()) return false;
        String err = stderr.toLowerCase(java.util.Locale.ROOT);
        return exitCode == 126 || exitCode == 127
                ? err.isEmpty() || notFound(err)
                : exitCode != 0 && notFound(err);
    }

    /** The runtime's error for an exec whose executable does not exist. */
    public static boolean notFound(String message) {
        String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
        return m.contains("executable file not found") || m.contains("no such file or directory");
    }
}
