package dev.menderharness.validate.rules;

import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.Set;

/** Controllers that keep pods running reject (or never restart) pods whose restartPolicy is not Always. */
public final class RestartPolicyRule implements Rule {
    private static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

    @Override
    public String id() { return "restart-policy"; }

    @Override
    public String description() { return "Deployment (and StatefulSet, DaemonSet, ReplicaSet) pod templates use restartPolicy Always"; }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k == null) return;
        for (K8sWorkload w : k.workloads()) {
            if (!KINDS.contains(w.kind())) continue;
            String res = w.object().ref();
            ctx.examined(res);
            if (w.restartPolicy() != null && !w.restartPolicy().equals("Always")) {
                ctx.error(w.object().root().at("spec", "template", "spec", "restartPolicy").source(), res,
                        "pod template restartPolicy is " + w.restartPolicy() + "; a " + w.kind() + " requires Always");
            }
        }
    }
}
