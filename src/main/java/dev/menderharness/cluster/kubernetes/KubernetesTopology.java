package dev.menderharness.cluster.kubernetes;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.SecretMasker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The neutral {@link Topology} of objects as deployed: one {@link ServiceSpec} per Service (named
 * by the Service, ports = Service ports, i.e. what other pods reach by that name) bound to the
 * workload its selector matches; workloads no Service selects (workers) appear under their own
 * name. Env values from ConfigMap/Secret key references are resolved from the manifests' objects;
 * secret values are registered with the masker.
 */
final class KubernetesTopology {

    private KubernetesTopology() {
    }

    static Topology of(Path root, List<ManifestObject> objects) {
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        List<ManifestObject> workloads = new ArrayList<>();
        List<ManifestObject> services = new ArrayList<>();
        for (ManifestObject o : objects) {
            HasMetadata m = o.object();
            if (m instanceof ConfigMap cm) configMaps.put(cm.getMetadata().getName(), cm);
            else if (m instanceof Secret s) secrets.put(s.getMetadata().getName(), s);
            else if (m instanceof Service) services.add(o);
            else if (m instanceof Deployment || m instanceof StatefulSet) workloads.add(o);
        }
        Map<String, ServiceSpec> specs = new LinkedHashMap<>();
        Set<String> bound = new LinkedHashSet<>();
        Map<String, String> firstServiceOfWorkload = new LinkedHashMap<>();
        for (ManifestObject so : services) {
            Service svc = (Service) so.object();
            Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
            ManifestObject w = selector == null || selector.isEmpty() ? null : workloads.stream()
                    .filter(wo -> PodSpecs.podLabels(wo.object()).entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElse(null);
            List<Integer> ports = svc.getSpec() == null || svc.getSpec().getPorts() == null ? List.of()
                    : svc.getSpec().getPorts().stream().map(ServicePort::getPort).toList();
            String name = svc.getMetadata().getName();
            if (w == null) {
                specs.put(name, new ServiceSpec(name, null, null, Map.of(), ports, Set.of(), Set.of(), 0, so.source()));
                continue;
            }
            bound.add(w.name());
            firstServiceOfWorkload.putIfAbsent(w.name(), name);
            specs.put(name, spec(name, w, ports, so, configMaps, secrets));
        }
        // Further Services selecting the same workload are aliases of the first one.
        for (ServiceSpec s : List.copyOf(specs.values())) {
            if (s.workload() == null) continue;
            String first = firstServiceOfWorkload.get(s.workload());
            if (!first.equals(s.name())) {
                ServiceSpec f = specs.get(first);
                Set<String> aliases = new LinkedHashSet<>(f.aliases());
                aliases.add(s.name());
                specs.put(first, new ServiceSpec(f.name(), f.workload(), f.image(), f.env(), f.ports(), Set.copyOf(aliases),
                        f.networks(), f.replicas(), f.source(), f.command(), f.servicePorts(), f.externalEnv()));
            }
        }
        for (ManifestObject w : workloads) {
            if (!bound.contains(w.name())) {
                specs.put(w.name(), spec(w.name(), w, List.of(), w, configMaps, secrets));
            }
        }
        return new Topology(Topology.Form.KUBERNETES, root, Map.copyOf(specs));
    }

    private static ServiceSpec spec(String name, ManifestObject w, List<Integer> ports, ManifestObject source,
                                    Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
        Container c = PodSpecs.spec(w.object()).orElseThrow().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                String v = value(e, configMaps, secrets);
                if (v != null) env.put(e.getName(), v);
            }
        }
        List<String> command = new ArrayList<>();
        if (c.getCommand() != null) command.addAll(c.getCommand());
        if (c.getArgs() != null) command.addAll(c.getArgs());
        return new ServiceSpec(name, w.name(), c.getImage(), Map.copyOf(env), ports, Set.of(), Set.of(),
                Workloads.desired(w.object()), source.source(), List.copyOf(command), ports, Set.of());
    }

    private static String value(EnvVar e, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets) {
        if (e.getValueFrom() == null) return e.getValue() == null ? "" : e.getValue();
        var cmRef = e.getValueFrom().getConfigMapKeyRef();
        if (cmRef != null && configMaps.containsKey(cmRef.getName()) && configMaps.get(cmRef.getName()).getData() != null) {
            return configMaps.get(cmRef.getName()).getData().get(cmRef.getKey());
        }
        var sRef = e.getValueFrom().getSecretKeyRef();
        if (sRef != null && secrets.containsKey(sRef.getName())) {
            Secret s = secrets.get(sRef.getName());
            String v = null;
            if (s.getStringData() != null && s.getStringData().containsKey(sRef.getKey())) v = s.getStringData().get(sRef.getKey());
            else if (s.getData() != null && s.getData().containsKey(sRef.getKey())) {
                v = new String(Base64.getDecoder().decode(s.getData().get(sRef.getKey())), StandardCharsets.UTF_8);
            }
            SecretMasker.register(v);
            return v;
        }
        return null;
    }
}
