package dev.menderharness.manifest;

import dev.menderharness.support.SecretMasker;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The neutral model of one form of the manifests (Kubernetes or Swarm): the services by the name
 * other services reach them by. Loaders fill it from files; the validator, the stack deployer and
 * the checks all read it, so nobody carries a private copy of the topology.
 */
public record Topology(Form form, Path root, Map<String, ServiceSpec> services) {

    public enum Form { KUBERNETES, SWARM }

    /** Env keys whose values are credentials (not access key ids or user names). */
    static final Pattern SECRET_ENV_KEY = Pattern.compile("(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE).*");

    /**
     * Every loader builds a Topology, so this is where credentials written in the manifests' env
     * (S3 secret key, presign secret, MinIO root password) become known to the masker: they must not
     * show in clear in logs, variant attachments or diagnostics, whatever text they turn up in.
     */
    public Topology {
        services.values().forEach(s -> s.env().forEach((key, value) -> {
            if (SECRET_ENV_KEY.matcher(key).matches()) {
                SecretMasker.register(value);
            }
        }));
    }

    public Optional<ServiceSpec> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** The service running a Mender component, found by image repository, not by name. */
    public Optional<ServiceSpec> serviceOf(dev.menderharness.contract.MenderComponent component) {
        return services.values().stream().filter(s -> component.matchesImage(s.image())).findFirst();
    }
}
