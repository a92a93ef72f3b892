package dev.menderharness.validate.rules;

import dev.menderharness.manifest.K8sObject;
import dev.menderharness.manifest.KubernetesManifests;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.SwarmStack;
import dev.menderharness.manifest.YNode;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields the other rules read have the shapes Kubernetes and Compose require: mappings where a
 * mapping goes, lists where a list goes, integers for replicas and ports (1-65535). The loaders are
 * lenient (a field of the wrong shape reads as absent), so without this rule {@code replicas: "many"}
 * or {@code spec: 5} would pass silently; {@code kubectl apply} and {@code docker stack deploy}
 * refuse them. Each violation is an error at its line.
 */
public final class SchemaRule implements Rule {
    private static final Set<String> CONTROLLERS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");
    private static final Set<String> SWARM_MODES = Set.of("replicated", "global", "replicated-job", "global-job");

    @Override
    public String id() { return "schema"; }

    @Override
    public String description() {
        return "fields the rules read have the types Kubernetes and Compose require (mappings, lists, integer replicas, ports 1-65535)";
    }

    @Override
    public void check(RuleContext ctx) {
        KubernetesManifests k = ctx.manifests().kubernetesRaw();
        if (k != null) for (K8sObject o : k.objects()) kubernetes(new Check(ctx, o.ref(), true), o);
        SwarmStack s = ctx.manifests().swarmRaw();
        if (s != null) for (SwarmService svc : s.services().values()) swarm(new Check(ctx, svc.name(), false), svc);
    }

    private static void kubernetes(Check c, K8sObject o) {
        YNode root = o.root();
        YNode meta = root.get("metadata");
        c.map(meta, "metadata");
        c.scalarMap(meta.get("labels"), "metadata.labels");
        c.scalarMap(meta.get("annotations"), "metadata.annotations");
        c.scalar(meta.get("namespace"), "metadata.namespace");
        String kind = o.kind();
        YNode spec = root.get("spec");
        if (CONTROLLERS.contains(kind) || kind.equals("Job")) {
            c.required(root, "spec", "");
            if (!c.map(spec, "spec")) return;
            if (!kind.equals("DaemonSet") && !kind.equals("Job")) c.integer(spec.get("replicas"), "spec.replicas", 0, Integer.MAX_VALUE);
            c.map(spec.get("selector"), "spec.selector");
            YNode template = spec.get("template");
            c.required(spec, "template", "spec");
            if (!c.map(template, "spec.template")) return;
            c.map(template.get("metadata"), "spec.template.metadata");
            c.scalarMap(template.at("metadata", "labels"), "spec.template.metadata.labels");
            c.required(template, "spec", "spec.template");
            if (c.map(template.get("spec"), "spec.template.spec")) podSpec(c, template.get("spec"), "spec.template.spec");
        } else if (kind.equals("Pod")) {
            c.required(root, "spec", "");
            if (c.map(spec, "spec")) podSpec(c, spec, "spec");
        } else if (kind.equals("Service")) {
            if (!c.map(spec, "spec")) return;
            c.scalarMap(spec.get("selector"), "spec.selector");
            c.scalar(spec.get("clusterIP"), "spec.clusterIP");
            List<YNode> ports = c.list(spec.get("ports"), "spec.ports");
            for (int i = 0; i < ports.size(); i++) {
                YNode p = ports.get(i);
                String at = "spec.ports[" + i + "]";
                if (!c.item(p, at)) continue;
                c.required(p, "port", at);
                c.integer(p.get("port"), at + ".port", 1, 65535);
                c.intOrName(p.get("targetPort"), at + ".targetPort");
                c.integer(p.get("nodePort"), at + ".nodePort", 1, 65535);
                c.scalar(p.get("name"), at + ".name");
            }
        } else if (kind.equals("ConfigMap")) {
            c.stringMap(root.get("data"), "data");
        } else if (kind.equals("Secret")) {
            c.stringMap(root.get("data"), "data");
            c.stringMap(root.get("stringData"), "stringData");
        } else if (kind.equals("HorizontalPodAutoscaler")) {
            if (!c.map(spec, "spec")) return;
            c.integer(spec.get("maxReplicas"), "spec.maxReplicas", 1, Integer.MAX_VALUE);
            c.integer(spec.get("minReplicas"), "spec.minReplicas", 0, Integer.MAX_VALUE);
        }
    }

    private static void podSpec(Check c, YNode spec, String at) {
        c.scalar(spec.get("restartPolicy"), at + ".restartPolicy");
        c.required(spec, "containers", at);
        List<YNode> containers = c.list(spec.get("containers"), at + ".containers");
        if (spec.get("containers").isList() && containers.isEmpty()) c.error(spec.get("containers"), at + ".containers is empty; a pod needs a container");
        for (int i = 0; i < containers.size(); i++) container(c, containers.get(i), at + ".containers[" + i + "]");
        List<YNode> init = c.list(spec.get("initContainers"), at + ".initContainers");
        for (int i = 0; i < init.size(); i++) container(c, init.get(i), at + ".initContainers[" + i + "]");
    }

    private static void container(Check c, YNode ct, String at) {
        if (!c.item(ct, at)) return;
        c.required(ct, "name", at);
        c.scalar(ct.get("name"), at + ".name");
        c.scalar(ct.get("image"), at + ".image");
        c.scalarList(ct.get("command"), at + ".command");
        c.scalarList(ct.get("args"), at + ".args");
        List<YNode> env = c.list(ct.get("env"), at + ".env");
        for (int i = 0; i < env.size(); i++) {
            YNode e = env.get(i);
            String ea = at + ".env[" + i + "]";
            if (!c.item(e, ea)) continue;
            c.required(e, "name", ea);
            c.scalar(e.get("name"), ea + ".name");
            c.string(e.get("value"), ea + ".value");
            c.map(e.get("valueFrom"), ea + ".valueFrom");
        }
        List<YNode> envFrom = c.list(ct.get("envFrom"), at + ".envFrom");
        for (int i = 0; i < envFrom.size(); i++) c.item(envFrom.get(i), at + ".envFrom[" + i + "]");
        List<YNode> ports = c.list(ct.get("ports"), at + ".ports");
        for (int i = 0; i < ports.size(); i++) {
            YNode p = ports.get(i);
            String pa = at + ".ports[" + i + "]";
            if (!c.item(p, pa)) continue;
            c.required(p, "containerPort", pa);
            c.integer(p.get("containerPort"), pa + ".containerPort", 1, 65535);
            c.scalar(p.get("name"), pa + ".name");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            YNode pr = ct.get(probe);
            if (!c.map(pr, at + "." + probe)) continue;
            YNode http = pr.get("httpGet");
            if (c.map(http, at + "." + probe + ".httpGet")) {
                c.intOrName(http.get("port"), at + "." + probe + ".httpGet.port");
                c.scalar(http.get("path"), at + "." + probe + ".httpGet.path");
            }
            YNode exec = pr.get("exec");
            if (c.map(exec, at + "." + probe + ".exec")) c.scalarList(exec.get("command"), at + "." + probe + ".exec.command");
        }
    }

    private static void swarm(Check c, SwarmService s) {
        YNode n = s.node();
        if (!c.item(n, "service " + s.name())) return;
        c.scalar(n.get("image"), "image");
        c.scalarOrList(n.get("command"), "command");
        c.scalarOrList(n.get("entrypoint"), "entrypoint");
        YNode env = n.get("environment");
        if (env.isMap()) c.scalarMap(env, "environment");
        else if (env.exists() && !env.isNull()) c.scalarList(env, "environment");
        YNode nets = n.get("networks");
        if (nets.isMap()) {
            nets.entries().forEach((name, v) -> {
                if (v.isNull()) return;
                if (c.map(v, "networks." + name)) c.scalarList(v.get("aliases"), "networks." + name + ".aliases");
            });
        } else if (nets.exists() && !nets.isNull()) {
            c.scalarList(nets, "networks");
        }
        List<YNode> ports = c.list(n.get("ports"), "ports");
        for (int i = 0; i < ports.size(); i++) {
            YNode p = ports.get(i);
            String at = "ports[" + i + "]";
            if (p.isMap()) {
                c.required(p, "target", at);
                c.composeInteger(p.get("target"), at + ".target", 1, 65535);
            } else if (c.scalar(p, at) && !p.isNull()) {
                c.shortPort(p, at);
            }
        }
        List<YNode> expose = c.list(n.get("expose"), "expose");
        for (int i = 0; i < expose.size(); i++) {
            if (c.scalar(expose.get(i), "expose[" + i + "]") && !expose.get(i).isNull()) c.shortPort(expose.get(i), "expose[" + i + "]");
        }
        YNode deploy = n.get("deploy");
        if (c.map(deploy, "deploy")) {
            c.composeInteger(deploy.get("replicas"), "deploy.replicas", 0, Integer.MAX_VALUE);
            YNode mode = deploy.get("mode");
            if (c.scalar(mode, "deploy.mode") && mode.text() != null && !SWARM_MODES.contains(mode.text())) {
                c.error(mode, "deploy.mode is \"" + mode.text() + "\"; expected replicated, global, replicated-job or global-job");
            }
            labels(c, deploy.get("labels"), "deploy.labels");
        }
        labels(c, n.get("labels"), "labels");
        YNode hc = n.get("healthcheck");
        if (c.map(hc, "healthcheck")) c.scalarOrList(hc.get("test"), "healthcheck.test");
    }

    private static void labels(Check c, YNode labels, String at) {
        if (labels.isMap()) c.scalarMap(labels, at);
        else if (labels.exists() && !labels.isNull()) c.scalarList(labels, at);
    }

    /** The checks of one resource, each violation an error finding at the offending node. */
    private record Check(RuleContext ctx, String resource, boolean kubernetes) {
        Check {
            ctx.examined(resource);
        }

        void error(YNode at, String message) {
            ctx.error(at.source(), resource, message);
        }

        /** {@code parent.key} is present and not null (reported at the parent when not). */
        void required(YNode parent, String key, String parentPath) {
            YNode v = parent.get(key);
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            if (!v.exists()) error(parent, path + " is missing");
            else if (v.isNull()) error(v, path + " is empty");
        }

        /** A list item or service that must be a mapping (null too is refused); true when it is one. */
        boolean item(YNode n, String path) {
            if (n.isNull()) {
                error(n, path + " is empty; expected a mapping");
                return false;
            }
            return map(n, path);
        }

        /** A mapping, when present and not null; true when it is one. */
        boolean map(YNode n, String path) {
            if (n.isMap()) return true;
            if (!n.exists() || n.isNull()) return false; // required(): missing or empty
            error(n, path + " is " + describe(n) + "; expected a mapping");
            return false;
        }

        /** The items of a list, when present and not null (none otherwise). */
        List<YNode> list(YNode n, String path) {
            if (n.isList()) return n.list();
            if (!n.exists() || n.isNull()) return List.of(); // required(): missing or empty
            error(n, path + " is " + describe(n) + "; expected a list");
            return List.of();
        }

        /** A scalar (text, number, boolean, null) or absent; true when it is a scalar. */
        boolean scalar(YNode n, String path) {
            if (n.isScalar()) return true;
            if (!n.exists()) return false;
            error(n, path + " is " + describe(n) + "; expected a single value");
            return false;
        }

        /** A Kubernetes string: a number or boolean unquoted is refused by the API server. */
        void string(YNode v, String path) {
            if (!scalar(v, path) || v.isNull() || v.isStringLiteral()) return;
            error(v, path + " is " + v.text() + ", not a string; Kubernetes wants a string here (quote it)");
        }

        void scalarOrList(YNode n, String path) {
            if (n.isList()) scalarList(n, path);
            else scalar(n, path);
        }

        void scalarList(YNode n, String path) {
            List<YNode> items = list(n, path);
            for (int i = 0; i < items.size(); i++) scalar(items.get(i), path + "[" + i + "]");
        }

        /** A mapping of single values (labels, selector, environment). */
        void scalarMap(YNode n, String path) {
            if (!map(n, path)) return;
            for (Map.Entry<String, YNode> e : n.entries().entrySet()) scalar(e.getValue(), path + "." + e.getKey());
        }

        /** A mapping of strings (ConfigMap/Secret data): Kubernetes refuses a number or boolean there. */
        void stringMap(YNode n, String path) {
            if (!map(n, path)) return;
            for (Map.Entry<String, YNode> e : n.entries().entrySet()) string(e.getValue(), path + "." + e.getKey());
        }

        /** A Kubernetes integer, when present: a plain YAML integer in [min, max] (a quoted "3" is a string to the API server). */
        void integer(YNode n, String path, int min, int max) {
            if (!n.exists() || n.isNull()) return;
            Integer v = n.intValue();
            if (!n.isScalar() || v == null) {
                error(n, path + " is " + describe(n) + "; expected an integer");
            } else if (!n.isIntLiteral()) {
                error(n, path + " is the string " + describe(n) + "; Kubernetes wants an integer (unquote it)");
            } else if (v < min || v > max) {
                error(n, path + " is " + v + "; expected " + range(min, max));
            }
        }

        /** A Compose integer, when present: Compose converts a quoted number, so text that parses is enough. */
        void composeInteger(YNode n, String path, int min, int max) {
            if (!n.exists() || n.isNull()) return;
            Integer v = n.intValue();
            if (!n.isScalar() || v == null) error(n, path + " is " + describe(n) + "; expected an integer");
            else if (v < min || v > max) error(n, path + " is " + v + "; expected " + range(min, max));
        }

        /** Kubernetes IntOrString for a port: an integer 1-65535 or a port name (a quoted number is neither). */
        void intOrName(YNode n, String path) {
            if (!n.exists() || n.isNull()) return;
            if (!n.isScalar()) {
                error(n, path + " is " + describe(n) + "; expected a port number or name");
            } else if (n.isIntLiteral()) {
                integer(n, path, 1, 65535);
            } else if (n.text().strip().matches("\\d+")) {
                error(n, path + " is the string " + describe(n) + "; Kubernetes reads it as a port name, which needs a letter (unquote the number)");
            }
        }

        /** Compose short port syntax: {@code [[ip:]published:]target[/proto]}, target a port or range. */
        void shortPort(YNode n, String path) {
            String spec = n.text("").strip().replaceAll("/\\w+$", "");
            String target = spec.substring(spec.lastIndexOf(':') + 1);
            for (String part : target.split("-", -1)) {
                int v;
                try {
                    v = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    error(n, path + " is " + describe(n) + "; expected [[ip:]published:]target[/protocol] with a numeric target");
                    return;
                }
                if (v < 1 || v > 65535) {
                    error(n, path + " is " + describe(n) + "; the target port " + v + " is not within 1-65535");
                    return;
                }
            }
        }

        private static String range(int min, int max) {
            return max == Integer.MAX_VALUE ? "an integer of at least " + min : "an integer within " + min + "-" + max;
        }

        /** How a node reads in a message: a value quoted, else "a mapping" / "a list". */
        private static String describe(YNode n) {
            if (n.isMap()) return "a mapping";
            if (n.isList()) return "a list";
            String t = n.text("");
            if (t.length() > 40) t = t.substring(0, 40) + "...";
            return "\"" + t.replace("\n", "\\n") + "\"";
        }
    }
}
