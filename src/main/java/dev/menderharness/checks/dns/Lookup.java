package dev.menderharness.checks.dns;

import java.time.Duration;
import java.util.Set;

/**
 * One name lookup ({@code getent ahosts NAME}) from one vantage point.
 *
 * @param vantage  where it ran, e.g. "probe on mender-deployments' network" or "inside mender-deployments"
 * @param exitCode getent's exit code (0 found, 2 not found, 124 timed out after 5 s)
 * @param took     time of the lookup alone, measured inside the container
 */
public record Lookup(String vantage, String name, int exitCode, Set<String> addresses, Duration took) {

    public boolean resolved() {
        return exitCode == 0 && !addresses.isEmpty();
    }
}
