package dev.menderharness.validate.rules;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.EnvCatalogue;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.contract.MenderContract;
import dev.menderharness.manifest.SourceRef;
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

    @Override
    public String id() { return "address-reference"; }

    @Override
    public String description() { return "every host/URL in env values (and code defaults) and gateway upstreams names an existing service and port in its form"; }

    @Override
    public void check(RuleContext ctx) {
        Manifests m = ctx.manifests();
        if (m.kubernetesRaw() != null) kubernetes(ctx, m.kubernetesRaw(), m.gateway(), m.swarmRaw());
        if (m.swarmRaw() != null) swarm(ctx, m.swarmRaw(), m.swarm().services(), m.gateway());
    }

    /** Enterprise-only services: an open-source deployment never calls them, so a dangling address to one only warns. */
    static final Set<String> ENTERPRISE_KEYS = Set.of("AUDITLOGS_ADDR", "TENANTADM_ADDR", "DEVICEMONITOR_ADDR", "INVENTORY_DEVICEMONITOR_ADDR",
            "DEVICEAUTH_TENANTADM_ADDR", "USERADM_TENANTADM_ADDR", "GENERATE_DELTA_ADDR");
    private static final Pattern ENTERPRISE_HOST = Pattern.compile(".*(auditlogs|tenantadm|devicemonitor|generate-delta).*");

    static boolean enterprise(AddressUse a) {
        EnvCatalogue cat = EnvCatalogue.get();
        return ENTERPRISE_KEYS.contains(a.envKey()) || cat.enterpriseOnly(a.envKey()) || ENTERPRISE_HOST.matcher(a.host()).matches();
    }

    /**
     * The addresses worth checking: for a Mender service only those of keys it reads (a key it ignores
     * names nothing it calls; env-key reports the key), plus enterprise-only addresses, which warn.
     */
    private static List<AddressUse> addresses(String image, List<String> command, List<EnvVar> env, SourceRef at) {
        Optional<ComponentContract> c = MenderContract.forService(image, command);
        List<AddressUse> out = new ArrayList<>();
        for (AddressUse a : Addresses.of(image, command, env, at)) {
            if (a.codeDefault() && enterprise(a)) continue;
            if (c.isPresent() && !a.codeDefault() && !c.get().envKeys().contains(a.envKey()) && !enterprise(a)) continue;
            out.add(a);
        }
        return out;
    }

    private static void report(RuleContext ctx, AddressUse a, String res, String problem, List<EnvVar> env) {
        String text = describe(a, env) + ": " + problem;
        if (enterprise(a)) {
            ctx.warning(a.source(), res, text + " (an enterprise-only service: an open-source deployment never calls it)");
        } else {
            ctx.error(a.source(), res, text);
        }
    }

    private void kubernetes(RuleContext ctx, KubernetesManifests k, GatewayConfig gateway, SwarmStack swarm) {
        Set<String> namespaces = new java.util.HashSet<>(Set.of("default"));
        k.objects().forEach(o -> {
            String ns = o.root().at("metadata", "namespace").text();
            if (ns != null) namespaces.add(ns);
            if (o.kind().equals("Namespace")) namespaces.add(o.name());
        });
        Set<String> dockerAliases = new java.util.HashSet<>();
        if (swarm != null) swarm.services().values().forEach(s -> s.networks().values().forEach(dockerAliases::addAll));
        for (K8sWorkload w : k.workloads()) {
            String res = w.object().ref();
            ctx.examined(res);
            for (K8sContainer c : w.containers()) {
                for (AddressUse a : addresses(c.image(), c.command(), c.env(), c.source())) {
                    String problem = k8sProblem(k, a.host(), a.port(), namespaces, dockerAliases);
                    if (problem != null) report(ctx, a, res, problem, c.env());
                }
                if (gateway != null && c.image() != null && MenderComponent.GATEWAY.matchesImage(c.image())) {
                    for (GatewayConfig.Upstream u : upstreams(gateway, c.env())) {
                        String problem = k8sProblem(k, u.host(), u.port(), namespaces, dockerAliases);
                        if (problem != null) ctx.error(u.source(), res, upstreamText(u) + ": " + problem);
                    }
                }
            }
        }
    }

    /**
     * Why {@code host:port} names no Service, or null. Cluster-local names: {@code name},
     * {@code name.ns}, {@code name.ns.svc[.cluster.local]}. Any other host with a dot is external
     * (an S3 endpoint, the public URL) and not checked, unless the Swarm form declares it as a
     * network alias: then it was meant to be internal, and Kubernetes cannot resolve it.
     */
    static String k8sProblem(KubernetesManifests k, String host, int port, Set<String> namespaces, Set<String> dockerAliases) {
        String name = host;
        int dot = host.indexOf('.');
        if (dot > 0) {
            String rest = host.substring(dot + 1);
            name = host.substring(0, dot);
            boolean clusterLocal = rest.endsWith(".svc") || rest.endsWith(".svc.cluster.local")
                    || !rest.contains(".") && (namespaces.contains(rest) || k.service(name).isPresent());
            if (!clusterLocal) {
                if (dockerAliases.contains(host)) {
                    return "no Kubernetes Service is named '" + host + "' (a Docker network alias? Kubernetes resolves Service names only)";
                }
                return null;
            }
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
        Set<String> aliases = new java.util.HashSet<>();
        stack.services().values().forEach(x -> x.networks().values().forEach(aliases::addAll));
        for (SwarmService s : stack.services().values()) {
            ctx.examined(s.name());
            for (AddressUse a : addresses(s.image(), s.command(), s.env(), s.source())) {
                if (a.host().contains(".") && !a.host().startsWith("tasks.") && !aliases.contains(a.host())) continue; // external
                String problem = swarmProblem(stack, specs, s, a.host(), a.port());
                if (problem != null) report(ctx, a, s.name(), problem, s.env());
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

    /** How a finding names the address: a value from a Secret is never printed, only the host:port it names. */
    private static String describe(AddressUse a, List<EnvVar> env) {
        if (a.codeDefault()) return "code default of unset " + a.envKey() + " (" + a.value() + ")";
        Optional<EnvVar> v = env.stream().filter(e -> e.key().equals(a.envKey())).reduce((x, y) -> y);
        if (v.isPresent() && v.get().fromSecret()) {
            return "env " + a.envKey() + " (from " + v.get().origin().replace("envFrom:", "") + ") names " + a.hostPort();
        }
        return "env " + a.envKey() + "=" + a.value();
    }

    private static String upstreamText(GatewayConfig.Upstream u) {
        return "gateway " + (u.location() == null ? "" : "location " + u.location() + " ") + "proxies to " + u.host()
                + (u.port() >= 0 ? ":" + u.port() : "");
    }

}
