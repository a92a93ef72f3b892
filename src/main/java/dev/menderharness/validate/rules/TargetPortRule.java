package dev.menderharness.validate.rules;

import dev.menderharness.manifest.ContainerPort;
import dev.menderharness.manifest.K8sContainer;
import dev.menderharness.manifest.K8sService;
import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.List;

/**
 * A Service port whose named targetPort no selected container declares sends traffic nowhere. A
 * numeric targetPort needs no declared containerPort (Kubernetes forwards to the number whatever the
 * pod declares; containerPort is informational), so only named ports are checked.
 */
public final class TargetPortRule implements Rule {
    @Override
    public String id() { return "target-port"; }

    @Override
    public String description() { return "every named Service targetPort is a declared containerPort name of the selected pods"; }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k == null) return;
        for (K8sService s : k.services()) {
            String res = s.object().ref();
            ctx.examined(res);
            List<K8sWorkload> selected = k.selectedBy(s);
            if (selected.isEmpty()) continue; // reported by service-selector
            for (K8sService.ServicePort p : s.ports()) {
                String target = p.effectiveTarget();
                if (target.chars().allMatch(Character::isDigit)) continue;
                for (K8sWorkload w : selected) {
                    if (!declares(w, target)) {
                        boolean named = !target.chars().allMatch(Character::isDigit);
                        ctx.error(p.source(), res, "port " + p.port() + " targets " + (named ? "named port '" : "port ") + target
                                + (named ? "'" : "") + ", which no container of " + w.object().ref() + " declares"
                                + " (declared: " + declared(w) + ")");
                    }
                }
            }
        }
    }

    private static boolean declares(K8sWorkload w, String target) {
        for (K8sContainer c : w.containers()) {
            for (ContainerPort cp : c.ports()) {
                if (target.equals(cp.name()) || target.equals(String.valueOf(cp.port()))) return true;
            }
        }
        return false;
    }

    private static String declared(K8sWorkload w) {
        List<String> out = w.containers().stream().flatMap(c -> c.ports().stream())
                .map(cp -> cp.name() == null ? String.valueOf(cp.port()) : cp.name() + "=" + cp.port()).toList();
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
