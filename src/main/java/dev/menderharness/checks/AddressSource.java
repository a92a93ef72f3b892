package dev.menderharness.checks;

import dev.menderharness.manifest.Topology;
import java.util.List;

/**
 * Every address the services of a topology use, read from the manifests (env values, the contract's
 * code defaults for keys left unset, gateway upstreams). An interface so the DNS checks do not care
 * who extracts them: {@link ManifestAddressSource} now; the validator's address model once it can
 * answer the same question.
 */
@FunctionalInterface
public interface AddressSource {

    List<ServiceAddress> addresses(Topology topology);
}
