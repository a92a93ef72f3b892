package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Swarm form: the stack file(s) and their services, networks, configs and secrets. */
public record SwarmStack(List<Path> files, Map<String, SwarmService> services, Map<String, YNode> networks,
                         Map<String, YNode> configs, Map<String, YNode> secrets) {
    public Optional<SwarmService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
