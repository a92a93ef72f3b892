package dev.menderharness.manifest;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.contract.MenderContract;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the raw forms into the neutral {@link Topology} everybody reads. */
final class TopologyBuilder {
    private TopologyBuilder() {
    }

    static Topology kubernetes(KubernetesManifests k) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        Set<String> selectedWorkloads = new LinkedHashSet<>();
        for (K8sService s : k.services()) {
            List<K8sWorkload> selected = k.selectedBy(s);
            K8sWorkload w = selected.isEmpty() ? null : selected.get(0);
            if (w != null) selectedWorkloads.add(w.name());
            Set<String> aliases = new LinkedHashSet<>();
            if (w != null) {
                for (K8sService other : k.services()) {
                    if (other != s && other.selects(w.podLabels())) aliases.add(other.name());
                }
            }
            List<Integer> servicePorts = s.ports().stream().map(K8sService.ServicePort::port).toList();
            services.put(s.name(), spec(s.name(), w, aliases, s.object().source(), servicePorts));
        }
        for (K8sWorkload w : k.workloads()) {
            if (!selectedWorkloads.contains(w.name()) && !services.containsKey(w.name())) {
                services.put(w.name(), spec(w.name(), w, Set.of(), w.object().source(), List.of()));
            }
        }
        return new Topology(Topology.Form.KUBERNETES, k.root(), Collections.unmodifiableMap(services));
    }

    private static ServiceSpec spec(String name, K8sWorkload w, Set<String> aliases, SourceRef src, List<Integer> servicePorts) {
        K8sContainer c = w == null ? null : w.main();
        if (c == null) {
            return new ServiceSpec(name, w == null ? "" : w.name(), "", Map.of(), List.of(), Set.copyOf(aliases), Set.of(),
                    w == null ? 0 : w.replicas(), src, List.of(), servicePorts, Set.of());
        }
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> external = new LinkedHashSet<>();
        fillEnv(c.env(), env, external);
        List<Integer> ports = c.ports().stream().map(ContainerPort::port).distinct().toList();
        return new ServiceSpec(name, w.name(), c.image() == null ? "" : c.image(), Collections.unmodifiableMap(env), ports,
                Set.copyOf(aliases), Set.of(), w.replicas(), src, c.command(), servicePorts, Set.copyOf(external));
    }

    private static void fillEnv(List<EnvVar> vars, Map<String, String> env, Set<String> external) {
        for (EnvVar v : vars) {
            env.put(v.key(), v.value() == null ? "" : v.value());
            if (v.value() == null) external.add(v.key());
        }
    }

    static Topology swarm(SwarmStack stack, GatewayConfig gateway) {
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (SwarmService s : stack.services().values()) {
            Map<String, String> env = new LinkedHashMap<>();
            Set<String> external = new LinkedHashSet<>();
            fillEnv(s.env(), env, external);
            List<Integer> ports = new ArrayList<>(listenPorts(s, gateway));
            Set<String> aliases = new LinkedHashSet<>();
            s.networks().values().forEach(aliases::addAll);
            services.put(s.name(), new ServiceSpec(s.name(), s.name(), s.image() == null ? "" : s.image(),
                    Collections.unmodifiableMap(env), List.copyOf(ports), Set.copyOf(aliases), Set.copyOf(s.networks().keySet()),
                    s.replicas(), s.source(), s.command(), List.copyOf(ports), Set.copyOf(external)));
        }
        return new Topology(Topology.Form.SWARM, stack.files().get(0).getParent(), Collections.unmodifiableMap(services));
    }

    /**
     * The ports a Swarm service listens on: a stack file declares only published/exposed ports, so the
     * component's known ports (its {@code <P>_LISTEN} when set) and, for the gateway, the nginx
     * {@code listen} ports are added.
     */
    static Set<Integer> listenPorts(SwarmService s, GatewayConfig gateway) {
        Set<Integer> ports = new LinkedHashSet<>();
        s.ports().forEach(p -> ports.add(p.port()));
        MenderContract.forService(s.image(), s.command()).ifPresent(c -> ports.addAll(contractPorts(c, s.env())));
        if (gateway != null && MenderComponent.GATEWAY.matchesImage(String.valueOf(s.image()))) ports.addAll(gateway.listenPorts());
        return ports;
    }

    private static Set<Integer> contractPorts(ComponentContract c, List<EnvVar> env) {
        String listenKey = c.component().envPrefix() + "_LISTEN";
        for (EnvVar v : env) {
            if (v.key().equals(listenKey) && v.value() != null) {
                String p = v.value().substring(v.value().lastIndexOf(':') + 1);
                try {
                    return Set.of(Integer.parseInt(p));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return c.listenPorts();
    }
}
