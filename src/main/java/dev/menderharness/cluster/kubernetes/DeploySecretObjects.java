package dev.menderharness.cluster.kubernetes;

import dev.menderharness.stack.DeploySecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The run's deploy-time material ({@link DeploySecrets}) as Kubernetes Secrets, one data key each. */
final class DeploySecretObjects {

    private DeploySecretObjects() {
    }

    static List<Secret> generate() {
        Map<String, byte[]> material = DeploySecrets.generate();
        List<Secret> out = new ArrayList<>();
        for (DeploySecrets.Item item : DeploySecrets.ITEMS) {
            out.add(new SecretBuilder().withNewMetadata().withName(item.name()).endMetadata().withType("Opaque")
                    .withData(Map.of(item.key(), Base64.getEncoder().encodeToString(material.get(item.name())))).build());
        }
        return out;
    }
}
