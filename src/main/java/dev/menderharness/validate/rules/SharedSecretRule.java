package dev.menderharness.validate.rules;

import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.EnvVar;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import dev.menderharness.validate.Severity;
import java.util.Optional;

/**
 * deployments signs its HMAC download links with DEPLOYMENTS_PRESIGN_SECRET; left unset, every
 * replica generates its own random secret and a link made by one replica fails on the next.
 *
 * <p>Condition: every <em>scalable</em> deployments workload should set a non-empty
 * DEPLOYMENTS_PRESIGN_SECRET (a literal, or a ConfigMap/Secret reference, also one created at deploy
 * time). Scalable = Kubernetes Deployment, StatefulSet, ReplicaSet, DaemonSet, or any Swarm service.
 * With more than one replica (declared, global mode, DaemonSet, or an HPA allowing more) links
 * already break: error. With one replica it works until someone scales ({@code kubectl scale},
 * {@code docker service scale}) or the pod restarts (links made before die): warning. Jobs and bare
 * Pods are exempt.
 */
public final class SharedSecretRule implements Rule {
    static final String KEY = "DEPLOYMENTS_PRESIGN_SECRET";

    @Override
    public String id() { return "shared-secret"; }

    @Override
    public String description() { return "every scalable deployments workload sets DEPLOYMENTS_PRESIGN_SECRET, so all its replicas share it"; }

    /** maxReplicas of a HorizontalPodAutoscaler aimed at the instance's workload, 0 when none. */
    private static int hpaMax(RuleContext ctx, Instance i) {
        if (ctx.manifests().kubernetesRaw() == null || !i.resource().contains("/")) return 0;
        String name = i.resource().substring(i.resource().indexOf('/') + 1);
        int max = 0;
        for (var o : ctx.manifests().kubernetesRaw().ofKind("HorizontalPodAutoscaler")) {
            if (name.equals(o.root().at("spec", "scaleTargetRef", "name").text())) {
                Integer m = o.root().at("spec", "maxReplicas").intValue();
                if (m != null) max = Math.max(max, m);
            }
        }
        return max;
    }

    @Override
    public void check(RuleContext ctx) {
        for (Instance i : Instance.all(ctx.manifests())) {
            if (i.image() == null || !MenderComponent.DEPLOYMENTS.matchesImage(i.image()) || !i.scalable()) continue;
            ctx.examined(i.resource());
            Optional<EnvVar> v = i.env().stream().filter(e -> e.key().equals(KEY)).reduce((a, b) -> b);
            int replicas = Math.max(i.replicas(), hpaMax(ctx, i));
            boolean several = replicas > 1 || i.global();
            String count = i.global() ? "global mode" : "replicas: " + replicas + (replicas != i.replicas() ? " (autoscaler maximum)" : "");
            Severity severity = several ? Severity.ERROR : Severity.WARNING;
            String effect = several ? "each replica generates its own random presign secret and rejects the others' links"
                    : "one replica works, but scaling out or a restart invalidates its links";
            if (v.isEmpty()) {
                ctx.report(severity, i.envAt(), i.resource(), KEY + " is not set (" + count + "): " + effect);
            } else if (v.get().resolved() && v.get().value().isBlank()) {
                ctx.report(severity, v.get().source(), i.resource(), KEY + " is empty (" + count + "), which counts as unset: " + effect);
            }
        }
    }
}
