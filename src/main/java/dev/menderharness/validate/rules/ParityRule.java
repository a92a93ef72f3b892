package dev.menderharness.validate.rules;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.Topology;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes and Swarm forms describe one deployment: same services (by name, a Swarm alias
 * counts), same images and tags, same env keys, and the ports Kubernetes declares are ports the
 * Swarm service listens on (and the other way round for ports the stack file declares). Each
 * difference is reported once, on the Kubernetes side, naming the Swarm file and line too.
 */
public final class ParityRule implements Rule {
    @Override
    public String id() { return "parity"; }

    @Override
    public String description() { return "the Kubernetes and Swarm forms have the same services, images and tags, env keys and ports"; }

    @Override
    public void check(RuleContext ctx) {
        Topology k = ctx.manifests().kubernetes();
        Topology s = ctx.manifests().swarm();
        if (k == null || s == null) return;
        String swarmFile = ctx.manifests().swarmRaw().files().get(0).getFileName().toString();
        for (ServiceSpec ks : k.services().values()) {
            ctx.examined(ks.name());
            Optional<ServiceSpec> ss = swarmCounterpart(s, ks);
            if (ss.isEmpty()) {
                ctx.error(ks.source(), ks.name(), "service " + ks.name() + " (" + kref(ks) + ") has no counterpart in " + swarmFile);
                continue;
            }
            if (!ks.name().equals(ss.get().name()) && k.services().containsKey(ss.get().name())) continue; // an extra Service alias
            compare(ctx, ks, ss.get());
        }
        for (ServiceSpec ss : s.services().values()) {
            boolean found = k.services().containsKey(ss.name())
                    || k.services().values().stream().anyMatch(ks -> ss.aliases().contains(ks.name()) || ks.workload().equals(ss.name()));
            if (!found) {
                ctx.error(ss.source(), ss.name(), "Swarm service " + ss.name() + " has no Kubernetes Service or workload of that name in "
                        + ctx.manifests().kubernetesRaw().root().getFileName());
            }
        }
    }

    private static Optional<ServiceSpec> swarmCounterpart(Topology s, ServiceSpec ks) {
        Optional<ServiceSpec> byName = s.service(ks.name());
        if (byName.isPresent()) return byName;
        Optional<ServiceSpec> byWorkload = s.service(ks.workload());
        if (byWorkload.isPresent()) return byWorkload;
        return s.services().values().stream().filter(x -> x.aliases().contains(ks.name())).findFirst();
    }

    private static String kref(ServiceSpec ks) {
        return ks.source().file().getFileName() + ":" + ks.source().line();
    }

    private static String sref(ServiceSpec ss) {
        return ss.source().file().getFileName() + ":" + ss.source().line();
    }

    /** Downward-API variables (fieldRef) have no Swarm equivalent: not a parity difference. */
    private static Set<String> downwardApiKeys(RuleContext ctx, ServiceSpec ks) {
        Set<String> out = new TreeSet<>();
        ctx.manifests().kubernetesRaw().workload(ks.workload()).map(w -> w.main()).ifPresent(c ->
                c.env().stream().filter(v -> v.origin().startsWith("field:")).forEach(v -> out.add(v.key())));
        return out;
    }

    private static void compare(RuleContext ctx, ServiceSpec ks, ServiceSpec ss) {
        String both = " (Kubernetes " + kref(ks) + ", Swarm " + sref(ss) + ")";
        if (!ks.image().equals(ss.image())) {
            ctx.error(ks.source(), ks.name(), "image differs: Kubernetes " + ks.image() + " vs Swarm " + ss.image() + both);
        }
        Set<String> onlyK = new TreeSet<>(ks.env().keySet());
        onlyK.removeAll(ss.env().keySet());
        onlyK.removeAll(downwardApiKeys(ctx, ks));
        Set<String> onlyS = new TreeSet<>(ss.env().keySet());
        onlyS.removeAll(ks.env().keySet());
        for (String key : onlyK) ctx.error(ks.source(), ks.name(), "env key " + key + " is set in Kubernetes but not in Swarm" + both);
        for (String key : onlyS) ctx.error(ks.source(), ks.name(), "env key " + key + " is set in Swarm but not in Kubernetes" + both);
        List<Integer> missing = new ArrayList<>();
        for (Integer p : ks.ports()) if (!ss.ports().contains(p)) missing.add(p);
        if (!missing.isEmpty()) {
            ctx.error(ks.source(), ks.name(), "Kubernetes container ports " + missing + " are not ports the Swarm service listens on "
                    + ss.ports() + both);
        }
        SwarmService raw = ctx.manifests().swarmRaw().services().get(ss.name());
        if (raw != null && !ks.ports().isEmpty()) {
            List<Integer> declaredOnlyInSwarm = raw.ports().stream().map(p -> p.port()).distinct()
                    .filter(p -> !ks.ports().contains(p)).toList();
            if (!declaredOnlyInSwarm.isEmpty()) {
                ctx.error(ks.source(), ks.name(), "Swarm declares ports " + declaredOnlyInSwarm
                        + " that no Kubernetes container port matches " + ks.ports() + both);
            }
        }
    }
}
