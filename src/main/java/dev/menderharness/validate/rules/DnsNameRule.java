package dev.menderharness.validate.rules;

import dev.menderharness.manifest.ContainerPort;
import dev.menderharness.manifest.K8sContainer;
import dev.menderharness.manifest.K8sObject;
import dev.menderharness.manifest.K8sService;
import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.YNode;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names other things resolve or reference must be valid for their kind: Kubernetes Service names
 * are DNS-1035 labels, Namespaces and container names DNS-1123 labels, other objects DNS-1123
 * subdomains, port names IANA service names; Swarm service names are DNS labels (callers use them as
 * host names) and aliases DNS subdomains (dots allowed, e.g. s3.docker.mender.io).
 */
public final class DnsNameRule implements Rule {
    static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern IANA_SVC = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Set<String> LABEL_KINDS = Set.of("Namespace");

    @Override
    public String id() { return "dns-name"; }

    @Override
    public String description() { return "names are valid DNS labels/subdomains for their kind (Swarm aliases may contain dots)"; }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k != null) {
            for (K8sObject o : k.objects()) {
                ctx.examined(o.ref());
                YNode at = o.root().at("metadata", "name");
                String why = o.kind().equals("Service") ? dns1035Label(o.name())
                        : LABEL_KINDS.contains(o.kind()) ? dns1123Label(o.name()) : dns1123Subdomain(o.name());
                if (why != null) ctx.error(at.source(), o.ref(), "name '" + o.name() + "' " + why);
            }
            for (K8sWorkload w : k.workloads()) {
                for (K8sContainer c : w.containers()) {
                    String why = dns1123Label(c.name());
                    if (why != null) ctx.error(c.node().get("name").source(), w.object().ref(), "container name '" + c.name() + "' " + why);
                    for (ContainerPort p : c.ports()) portName(ctx, w.object().ref(), p.name(), p.source());
                }
            }
            for (K8sService s : k.services()) {
                for (K8sService.ServicePort p : s.ports()) portName(ctx, s.object().ref(), p.name(), p.source());
            }
        }
        if (ctx.manifests().swarmRaw() != null) {
            for (SwarmService s : ctx.manifests().swarmRaw().services().values()) {
                ctx.examined(s.name());
                String why = dns1123Label(s.name());
                if (why != null) ctx.error(s.source(), s.name(), "service name '" + s.name() + "' " + why + " (other services use it as a host name)");
                s.networks().forEach((net, aliases) -> {
                    for (String a : aliases) {
                        String w = dns1123Subdomain(a);
                        if (w != null) ctx.error(s.node().at("networks", net, "aliases").source(), s.name(), "alias '" + a + "' on network " + net + " " + w);
                    }
                });
            }
        }
    }

    private static void portName(RuleContext ctx, String res, String name, dev.menderharness.manifest.SourceRef at) {
        if (name == null) return;
        if (name.length() > 15 || !IANA_SVC.matcher(name).matches() || name.contains("--") || name.chars().noneMatch(Character::isLetter)) {
            ctx.error(at, res, "port name '" + name + "' is not an IANA service name (at most 15 lowercase letters, digits and '-', with a letter)");
        }
    }

    static String dns1123Label(String n) {
        if (n.length() > 63) return "is longer than 63 characters";
        return DNS1123_LABEL.matcher(n).matches() ? null : "is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending alphanumeric)";
    }

    static String dns1035Label(String n) {
        if (n.length() > 63) return "is longer than 63 characters";
        return DNS1035_LABEL.matcher(n).matches() ? null : "is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter)";
    }

    static String dns1123Subdomain(String n) {
        if (n.length() > 253) return "is longer than 253 characters";
        for (String label : n.split("\\.", -1)) {
            if (label.length() > 63 || !DNS1123_LABEL.matcher(label).matches()) {
                return "is not a DNS-1123 subdomain (dot-separated labels of lowercase letters, digits and '-')";
            }
        }
        return null;
    }
}
