package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The neutral model of one form of the manifests (Kubernetes or Swarm): the services by the name
 * other services reach them by. Loaders fill it from files; the validator, the stack deployer and
 * the checks all read it, so nobody carries a private copy of the topology.
 */
public record Topology(Form form, Path root, Map<String, ServiceSpec> services) {

    public enum Form { KUBERNETES, SWARM }

    public Optional<ServiceSpec> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The service running a Mender component, found by image repository, not by name. */
    public Optional<ServiceSpec> serviceOf(dev.menderharness.contract.MenderComponent component) {
        return services.values().stream().filter(s -> component.matchesImage(s.image())).findFirst();
    }
}
