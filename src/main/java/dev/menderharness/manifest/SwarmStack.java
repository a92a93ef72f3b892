package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Swarm form: the stack file(s) and their services, networks, configs and secrets.
 *
 * @param composeProject true when the files are a Compose project ({@code docker-compose.yml},
 *                       {@code COMPOSE_FILE}) meant for {@code docker compose} as much as for a swarm
 */
public record SwarmStack(List<Path> files, Map<String, SwarmService> services, Map<String, YNode> networks,
                         Map<String, YNode> configs, Map<String, YNode> secrets, boolean composeProject) {

    public SwarmStack(List<Path> files, Map<String, SwarmService> services, Map<String, YNode> networks,
                      Map<String, YNode> configs, Map<String, YNode> secrets) {
        this(files, services, networks, configs, secrets, false);
    }
    public Optional<SwarmService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }
}
