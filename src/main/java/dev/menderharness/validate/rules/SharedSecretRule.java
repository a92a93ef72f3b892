package dev.menderharness.validate.rules;

import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.EnvVar;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.Optional;

/**
 * deployments signs its HMAC download links with DEPLOYMENTS_PRESIGN_SECRET; left unset, every
 * replica generates its own random secret and a link made by one replica fails on the next.
 *
 * <p>Condition (decided here): every <em>scalable</em> deployments workload must set a non-empty
 * DEPLOYMENTS_PRESIGN_SECRET (a literal, or a ConfigMap/Secret reference, also one created at deploy
 * time), whatever its declared replica count. Scalable = Kubernetes Deployment, StatefulSet,
 * ReplicaSet, DaemonSet, or any Swarm service: {@code kubectl scale}, an HPA, {@code docker service
 * scale} and the harness's scaling checks raise the count without editing the manifest, so
 * "replicas: 1" protects nothing. Jobs and bare Pods are exempt.
 */
public final class SharedSecretRule implements Rule {
    static final String KEY = "DEPLOYMENTS_PRESIGN_SECRET";

    @Override
    public String id() { return "shared-secret"; }

    @Override
    public String description() { return "every scalable deployments workload sets DEPLOYMENTS_PRESIGN_SECRET, so all its replicas share it"; }

    @Override
    public void check(RuleContext ctx) {
        for (Instance i : Instance.all(ctx.manifests())) {
            if (i.image() == null || !MenderComponent.DEPLOYMENTS.matchesImage(i.image()) || !i.scalable()) continue;
            ctx.examined(i.resource());
            Optional<EnvVar> v = i.env().stream().filter(e -> e.key().equals(KEY)).reduce((a, b) -> b);
            String count = "replicas: " + i.replicas() + ", scalable";
            if (v.isEmpty()) {
                ctx.error(i.envAt(), i.resource(), KEY + " is not set (" + count
                        + "): each replica would generate its own random presign secret and reject the others' links");
            } else if (v.get().resolved() && v.get().value().isBlank()) {
                ctx.error(v.get().source(), i.resource(), KEY + " is empty (" + count + "): replicas would not share a secret");
            }
        }
    }
}
