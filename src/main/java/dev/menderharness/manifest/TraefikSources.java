package dev.menderharness.manifest;

import dev.menderharness.contract.MenderComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where Traefik's configuration hides in the two forms: ConfigMaps and container args, Compose labels and command. */
final class TraefikSources {
    private TraefikSources() {
    }

    /** ConfigMap entries holding file-provider YAML (the chart's api-gateway-traefik), and Traefik containers' args. */
    static void fromKubernetes(KubernetesManifests k, TraefikConfig traefik) {
        k.configMaps().forEach((name, data) -> data.forEach((key, entry) -> {
            String v = entry.value();
            if (v == null || !v.contains("http:") || !(key.endsWith(".yaml") || key.endsWith(".yml"))) return;
            SourceRef at = entry.source();
            Path fake = at.file().resolveSibling(at.file().getFileName() + "#" + name + "/" + key);
            YNode.Provenance offset = new YNode.Provenance() {
                @Override
                public SourceRef map(Path file, int line) {
                    return new SourceRef(at.file(), at.line() + line);
                }
            };
            List<YNode> docs;
            try {
                docs = YamlFiles.loadAll(v, fake, offset);
            } catch (ManifestException e) {
                return; // not YAML after all: not Traefik's
            }
            for (YNode d : docs) if (TraefikConfig.isDynamicConfig(d)) traefik.addFileProvider(d, at.file());
        }));
        for (K8sWorkload w : k.workloads()) {
            for (K8sContainer c : w.containers()) {
                if (c.image() != null && MenderComponent.TRAEFIK.matchesImage(c.image())) traefik.addStaticArgs(c.command(), c.source());
            }
        }
    }

    /** Traefik's command line, then every service's labels (and deploy.labels, which the Swarm provider reads). */
    static void fromCompose(SwarmStack stack, TraefikConfig traefik) {
        boolean exposedByDefault = true;
        for (SwarmService s : stack.services().values()) {
            if (s.image() == null || !MenderComponent.TRAEFIK.matchesImage(s.image())) continue;
            traefik.addStaticArgs(s.command(), s.source());
            for (String a : s.command()) {
                if (a.toLowerCase().matches("--providers\\.(docker|swarm)\\.exposedbydefault=false")) exposedByDefault = false;
            }
        }
        for (SwarmService s : stack.services().values()) {
            Map<String, TraefikConfig.Label> labels = new LinkedHashMap<>();
            labels(s.node().get("labels"), labels);
            labels(s.node().at("deploy", "labels"), labels);
            if (labels.isEmpty()) continue;
            int port = s.ports().isEmpty() ? 80 : s.ports().get(0).port();
            traefik.addDockerLabels(s.name(), labels, s.source(), port, exposedByDefault);
        }
    }

    private static void labels(YNode node, Map<String, TraefikConfig.Label> out) {
        if (node.isMap()) {
            node.entries().forEach((k, v) -> out.put(k, new TraefikConfig.Label(v.text(""), v.source())));
        } else {
            List<YNode> items = new ArrayList<>(node.list());
            for (YNode item : items) {
                String t = item.text("");
                int eq = t.indexOf('=');
                if (eq > 0) out.put(t.substring(0, eq), new TraefikConfig.Label(t.substring(eq + 1), item.source()));
            }
        }
    }
}
