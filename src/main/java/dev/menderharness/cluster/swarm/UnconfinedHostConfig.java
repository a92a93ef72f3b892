package dev.menderharness.cluster.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * {@code --security-opt systempaths=unconfined} for the API: the CLI turns that option into empty
 * MaskedPaths/ReadonlyPaths, which docker-java's HostConfig does not model. An inner dockerd needs
 * to write /proc/sys (ip_forward, bridge sysctls).
 */
final class UnconfinedHostConfig extends HostConfig {
    private static final long serialVersionUID = 1L;

    @JsonProperty("MaskedPaths")
    private final List<String> maskedPaths = List.of();

    @JsonProperty("ReadonlyPaths")
    private final List<String> readonlyPaths = List.of();

    List<String> maskedPaths() {
        return maskedPaths;
    }

    List<String> readonlyPaths() {
        return readonlyPaths;
    }
}
