package dev.menderharness.validate.rules;

import dev.menderharness.manifest.K8sService;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;

/** A Service whose selector matches no workload's pod template has no endpoints: every caller gets connection refused. */
public final class ServiceSelectorRule implements Rule {
    @Override
    public String id() { return "service-selector"; }

    @Override
    public String description() { return "every Kubernetes Service selector matches the pod template labels of some workload"; }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k == null) return;
        for (K8sService s : k.services()) {
            String res = s.object().ref();
            ctx.examined(res);
            if (s.selector().isEmpty()) continue; // selector-less Services use hand-made Endpoints
            if (k.selectedBy(s).isEmpty()) {
                ctx.error(s.object().root().at("spec", "selector").source(), res,
                        "selector " + s.selector() + " matches the pod template labels of no workload");
            }
        }
    }
}
