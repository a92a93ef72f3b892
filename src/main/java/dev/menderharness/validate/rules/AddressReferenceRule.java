package dev.menderharness.validate.rules;

import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.AddressUse;
import dev.menderharness.manifest.Addresses;
import dev.menderharness.manifest.EnvVar;
import dev.menderharness.manifest.GatewayConfig;
import dev.menderharness.manifest.K8sContainer;
import dev.menderharness.manifest.K8sService;
import dev.menderharness.manifest.K8sWorkload;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.SwarmStack;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every address a service uses must exist in its form: env values (inline, ConfigMap, Secret), the
 * code defaults of Mender env keys a service leaves unset, and the gateway's proxy_pass upstreams.
 * Kubernetes: a Service of that name (short or {@code name.ns[.svc[.cluster.local]]}) with that port.
 * Swarm: a service name, {@code tasks.<name>} or network alias on a network the caller shares, listening
 * on that port. This is how an S3 URI naming a Docker alias that Kubernetes lacks is caught.
 */
public final class AddressReferenceRule implements Rule {
    private static final Pattern K8S_SUFFIX = Pattern.compile("[a-z0-9-]+(\\.svc(\\.cluster\\.local)?)?");

    @Override
    public String id() { return "address-reference"; }

    @Override
    public String description() { return "every host/URL in env values (and code defaults) and gateway upstreams names an existing service and port in its form"; }

    @Override
    public void check(RuleContext ctx) {
        Manifests m = ctx.manifests();
        if (m.kubernetesRaw() != null) kubernetes(ctx, m.kubernetesRaw(), m.gateway());
        if (m.swarmRaw() != null) swarm(ctx, m.swarmRaw(), m.swarm().services(), m.gateway());
    }

    private void kubernetes(RuleContext ctx, KubernetesManifests k, GatewayConfig gateway) {
        for (K8sWorkload w : k.workloads()) {
            String res = w.object().ref();
            ctx.examined(res);
            for (K8sContainer c : w.containers()) {
                for (AddressUse a : Addresses.of(c.image(), c.command(), c.env(), c.source())) {
                    String problem = k8sProblem(k, a.host(), a.port());
                    if (problem != null) ctx.error(a.source(), res, describe(a) + ": " + problem);
                }
                if (gateway != null && c.image() != null && MenderComponent.GATEWAY.matchesImage(c.image())) {
                    for (GatewayConfig.Upstream u : upstreams(gateway, c.env())) {
                        String problem = k8sProblem(k, u.host(), u.port());
                        if (problem != null) ctx.error(u.source(), res, upstreamText(u) + ": " + problem);
                    }
                }
            }
        }
    }

    private static String k8sProblem(KubernetesManifests k, String host, int port) {
        String name = host;
        int dot = host.indexOf('.');
        if (dot > 0) {
            if (!K8S_SUFFIX.matcher(host.substring(dot + 1)).matches()) {
                return "no Kubernetes Service is named '" + host + "' (a Docker network alias? Kubernetes resolves Service names only)";
            }
            name = host.substring(0, dot);
        }
        Optional<K8sService> s = k.service(name);
        if (s.isEmpty()) return "no Kubernetes Service named '" + name + "'";
        if (port >= 0 && !s.get().ports().isEmpty() && s.get().ports().stream().noneMatch(p -> p.port() == port)) {
            return "Service " + name + " exposes no port " + port + " (ports: "
                    + String.join(", ", s.get().ports().stream().map(p -> String.valueOf(p.port())).toList()) + ")";
        }
        return null;
    }

    private void swarm(RuleContext ctx, SwarmStack stack, Map<String, ServiceSpec> specs, GatewayConfig gateway) {
        for (SwarmService s : stack.services().values()) {
            ctx.examined(s.name());
            for (AddressUse a : Addresses.of(s.image(), s.command(), s.env(), s.source())) {
                String problem = swarmProblem(stack, specs, s, a.host(), a.port());
                if (problem != null) ctx.error(a.source(), s.name(), describe(a) + ": " + problem);
            }
            if (gateway != null && s.image() != null && MenderComponent.GATEWAY.matchesImage(s.image())) {
                for (GatewayConfig.Upstream u : upstreams(gateway, s.env())) {
                    String problem = swarmProblem(stack, specs, s, u.host(), u.port());
                    if (problem != null) ctx.error(u.source(), s.name(), upstreamText(u) + ": " + problem);
                }
            }
        }
    }

    private static String swarmProblem(SwarmStack stack, Map<String, ServiceSpec> specs, SwarmService caller, String host, int port) {
        List<String> elsewhere = new ArrayList<>();
        for (SwarmService target : stack.services().values()) {
            for (Map.Entry<String, Set<String>> net : target.networks().entrySet()) {
                boolean named = host.equals(target.name()) || host.equals("tasks." + target.name()) || net.getValue().contains(host);
                if (!named) continue;
                if (!caller.networks().containsKey(net.getKey())) {
                    elsewhere.add(target.name() + " on network " + net.getKey());
                    continue;
                }
                List<Integer> ports = specs.get(target.name()).ports();
                if (port >= 0 && !ports.isEmpty() && !ports.contains(port)) {
                    return "service " + target.name() + " does not listen on port " + port + " (listens on "
                            + String.join(", ", ports.stream().map(String::valueOf).toList()) + ")";
                }
                return null;
            }
        }
        if (!elsewhere.isEmpty()) {
            return "'" + host + "' is " + String.join(", ", elsewhere) + ", which " + caller.name() + " does not join (its networks: "
                    + String.join(", ", caller.networks().keySet()) + ")";
        }
        return "no service or network alias named '" + host + "' in the stack";
    }

    /** Gateway upstreams with envsubst placeholders filled from the gateway's env; still-unknown ones are skipped. */
    private static List<GatewayConfig.Upstream> upstreams(GatewayConfig gateway, List<EnvVar> env) {
        List<GatewayConfig.Upstream> out = new ArrayList<>();
        for (GatewayConfig.Upstream u : gateway.upstreams()) {
            GatewayConfig.Upstream filled = u.substitute(key -> env.stream().filter(v -> v.key().equals(key) && v.resolved())
                    .map(EnvVar::value).reduce((a, b) -> b).orElse(null));
            if (filled.hasPlaceholder() || filled.host().contains("$") || filled.port() < -1) continue;
            if (Addresses.isLoopbackOrIp(filled.host())) continue;
            out.add(filled);
        }
        return out;
    }

    private static String describe(AddressUse a) {
        return (a.codeDefault() ? "code default of unset " + a.envKey() + " (" + a.value() + ")" : "env " + a.envKey() + "=" + a.value());
    }

    private static String upstreamText(GatewayConfig.Upstream u) {
        return "gateway " + (u.location() == null ? "" : "location " + u.location() + " ") + "proxies to " + u.host()
                + (u.port() >= 0 ? ":" + u.port() : "");
    }

}
