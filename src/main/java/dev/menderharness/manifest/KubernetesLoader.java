package dev.menderharness.manifest;

import dev.menderharness.manifest.KubernetesManifests.DataEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the Kubernetes form: a kustomization (resources, configMapGenerator, secretGenerator with
 * files/literals/envs) or, without one, the given manifest files. Interprets workloads, Services,
 * ConfigMaps and Secrets; other kinds are carried along as {@link K8sObject}s.
 */
public final class KubernetesLoader {
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod");

    private final List<Path> files = new ArrayList<>();
    private final List<K8sObject> objects = new ArrayList<>();
    private final Map<String, Map<String, DataEntry>> configMaps = new LinkedHashMap<>();
    private final Map<String, Map<String, DataEntry>> secrets = new LinkedHashMap<>();

    /** Loads from a kustomization file (follows nested kustomization directories). */
    public static KubernetesManifests fromKustomization(Path kustomization) {
        KubernetesLoader l = new KubernetesLoader();
        l.readKustomization(kustomization, new LinkedHashSet<>());
        return l.build(kustomization.getParent());
    }

    /** Loads every Kubernetes object found in {@code manifestFiles}. */
    public static KubernetesManifests fromFiles(Path root, List<Path> manifestFiles) {
        return load(root, null, manifestFiles, List.of());
    }

    /**
     * Everything at once: a kustomization (may be null), loose manifest files, and documents that are
     * no file of their own (a rendered Helm chart, whose {@code file} is the chart's {@code Chart.yaml}).
     */
    public static KubernetesManifests load(Path root, Path kustomization, List<Path> manifestFiles, List<Rendered> rendered) {
        KubernetesLoader l = new KubernetesLoader();
        if (kustomization != null) l.readKustomization(kustomization, new LinkedHashSet<>());
        for (Path f : manifestFiles) l.readFile(f);
        for (Rendered r : rendered) {
            l.files.add(r.file());
            l.readDocuments(r.file(), r.documents());
        }
        return l.build(kustomization != null ? kustomization.getParent() : root);
    }

    /** Documents rendered in memory (a Helm chart) and the file that stands for them. */
    public record Rendered(Path file, List<YNode> documents) {
    }

    private void readKustomization(Path file, Set<Path> seen) {
        if (!seen.add(file.toAbsolutePath().normalize())) return;
        List<YNode> docs = YamlFiles.loadAll(file);
        if (docs.isEmpty()) return;
        YNode k = docs.get(0);
        Path dir = file.getParent();
        for (YNode r : k.get("resources").list()) {
            String rel = r.text();
            if (rel == null) continue;
            if (rel.contains("://")) throw new ManifestException(file, r.line(), "remote resource '" + rel + "' is not supported; vendor it into the directory");
            Path p = dir.resolve(rel).normalize();
            if (Files.isDirectory(p)) {
                Path nested = kustomizationIn(p);
                if (nested == null) throw new ManifestException(file, r.line(), "resource directory '" + rel + "' has no kustomization.yaml");
                readKustomization(nested, seen);
            } else if (Files.isRegularFile(p)) {
                readFile(p);
            } else {
                throw new ManifestException(file, r.line(), "resource '" + rel + "' does not exist");
            }
        }
        for (YNode g : k.get("configMapGenerator").list()) generate(file, g, false);
        for (YNode g : k.get("secretGenerator").list()) generate(file, g, true);
    }

    static Path kustomizationIn(Path dir) {
        for (String n : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(n))) return dir.resolve(n);
        }
        return null;
    }

    /** A generated ConfigMap/Secret: kustomize suffixes the name with a hash and rewrites references, so references use the plain name. */
    private void generate(Path kfile, YNode g, boolean secret) {
        String name = g.get("name").text();
        if (name == null) throw new ManifestException(kfile, g.line(), (secret ? "secretGenerator" : "configMapGenerator") + " entry without name");
        Map<String, DataEntry> data = (secret ? secrets : configMaps).computeIfAbsent(name, n -> new LinkedHashMap<>());
        Path dir = kfile.getParent();
        for (YNode lit : g.get("literals").list()) {
            String s = lit.text("");
            int eq = s.indexOf('=');
            if (eq <= 0) throw new ManifestException(kfile, lit.line(), "literal '" + s + "' is not KEY=VALUE");
            data.put(s.substring(0, eq), new DataEntry(unquote(s.substring(eq + 1)), lit.source()));
        }
        for (YNode f : g.get("files").list()) {
            String s = f.text("");
            int eq = s.indexOf('=');
            String key = eq > 0 ? s.substring(0, eq) : Path.of(s).getFileName().toString();
            Path p = dir.resolve(eq > 0 ? s.substring(eq + 1) : s).normalize();
            data.put(key, new DataEntry(read(kfile, f, p), new SourceRef(p, 1)));
        }
        for (YNode e : g.get("envs").list()) {
            Path p = dir.resolve(e.text("")).normalize();
            String[] lines = read(kfile, e, p).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                int eq = line.indexOf('=');
                if (eq <= 0) throw new ManifestException(p, i + 1, "env line is not KEY=VALUE");
                data.put(line.substring(0, eq), new DataEntry(unquote(line.substring(eq + 1)), new SourceRef(p, i + 1)));
            }
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String read(Path kfile, YNode at, Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(kfile, at.line(), "cannot read generator file " + p + ": " + e.getMessage());
        }
    }

    private void readFile(Path file) {
        files.add(file);
        readDocuments(file, YamlFiles.loadAll(file));
    }

    private void readDocuments(Path file, List<YNode> docs) {
        for (YNode doc : docs) {
            if (!doc.isMap()) throw new ManifestException(file, doc.line(), "a Kubernetes manifest document must be a mapping");
            String kind = doc.get("kind").text();
            String apiVersion = doc.get("apiVersion").text();
            if (kind == null || apiVersion == null) {
                throw new ManifestException(file, doc.line(), "document has no " + (kind == null ? "kind" : "apiVersion"));
            }
            if (kind.endsWith("List")) {
                // v1 List: items are objects in their own right.
                for (YNode item : doc.get("items").list()) addObject(item);
                continue;
            }
            addObject(doc);
        }
    }

    private void addObject(YNode doc) {
        String kind = doc.get("kind").text("");
        String name = doc.at("metadata", "name").text();
        if (name == null) throw new ManifestException(doc.file(), doc.line(), kind + " without metadata.name");
        objects.add(new K8sObject(doc.get("apiVersion").text(""), kind, name, doc));
        if (kind.equals("ConfigMap")) {
            Map<String, DataEntry> data = configMaps.computeIfAbsent(name, n -> new LinkedHashMap<>());
            doc.get("data").entries().forEach((k, v) -> data.put(k, new DataEntry(v.text(""), v.source())));
        } else if (kind.equals("Secret")) {
            Map<String, DataEntry> data = secrets.computeIfAbsent(name, n -> new LinkedHashMap<>());
            doc.get("data").entries().forEach((k, v) -> data.put(k, new DataEntry(registered(k, decode(v)), v.source())));
            doc.get("stringData").entries().forEach((k, v) -> data.put(k, new DataEntry(registered(k, v.text("")), v.source())));
        }
    }

    /** Credentials in Secrets (passwords, keys, tokens) become known to the masker: no output prints them. */
    private static String registered(String key, String value) {
        if (Topology.SECRET_ENV_KEY.matcher(key).matches()) {
            dev.menderharness.support.SecretMasker.register(value);
        }
        return value;
    }

    private static String decode(YNode v) {
        String s = v.text("");
        try {
            return new String(Base64.getDecoder().decode(s.replaceAll("\\s", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(v.file(), v.line(), "Secret data is not valid base64");
        }
    }

    private KubernetesManifests build(Path root) {
        List<K8sWorkload> workloads = new ArrayList<>();
        List<K8sService> services = new ArrayList<>();
        for (K8sObject o : objects) {
            if (WORKLOAD_KINDS.contains(o.kind())) workloads.add(workload(o));
            if (o.kind().equals("Service")) services.add(service(o));
        }
        return new KubernetesManifests(root, List.copyOf(files), List.copyOf(objects), List.copyOf(workloads),
                List.copyOf(services), configMaps, secrets);
    }

    private K8sWorkload workload(K8sObject o) {
        YNode template;
        YNode podSpec;
        Map<String, String> labels;
        switch (o.kind()) {
            case "Pod" -> {
                template = o.root();
                podSpec = o.root().get("spec");
            }
            case "Job" -> {
                template = o.root().at("spec", "template");
                podSpec = template.get("spec");
            }
            default -> {
                template = o.root().at("spec", "template");
                podSpec = template.get("spec");
            }
        }
        labels = template.at("metadata", "labels").stringMap();
        Integer replicas = o.root().at("spec", "replicas").intValue();
        List<K8sContainer> containers = new ArrayList<>();
        String ns = o.root().at("metadata", "namespace").text("default");
        for (YNode c : podSpec.get("containers").list()) containers.add(container(c, ns));
        List<K8sContainer> init = new ArrayList<>();
        for (YNode c : podSpec.get("initContainers").list()) init.add(container(c, ns));
        return new K8sWorkload(o, labels, replicas == null ? 1 : replicas, podSpec.get("restartPolicy").text(), containers, init);
    }

    /**
     * Kubernetes' {@code $(VAR)} references to earlier variables. A downward-API namespace stands in as
     * the object's namespace (or "default"): it only has to look like one for address checks.
     */
    private static String expand(String value, List<EnvVar> earlier, String namespace) {
        if (!value.contains("$(")) return value;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\((\\w+)\\)").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = null;
            for (EnvVar e : earlier) {
                if (!e.key().equals(name)) continue;
                v = e.value() != null ? e.value() : e.origin().equals("field:metadata.namespace") ? namespace : null;
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private K8sContainer container(YNode c, String namespace) {
        List<String> command = new ArrayList<>();
        for (YNode s : c.get("command").list()) command.add(s.text(""));
        for (YNode s : c.get("args").list()) command.add(s.text(""));
        List<EnvVar> env = new ArrayList<>();
        for (YNode ef : c.get("envFrom").list()) {
            String prefix = ef.get("prefix").text("");
            YNode cm = ef.get("configMapRef");
            YNode sec = ef.get("secretRef");
            String name = (cm.exists() ? cm : sec).get("name").text("");
            Map<String, DataEntry> data = (cm.exists() ? configMaps : secrets).get(name);
            String origin = "envFrom:" + (cm.exists() ? "configmap/" : "secret/") + name;
            if (data != null) {
                data.forEach((k, v) -> env.add(new EnvVar(prefix + k, v.value(), origin, v.source())));
            }
        }
        for (YNode e : c.get("env").list()) {
            String key = e.get("name").text("");
            YNode from = e.get("valueFrom");
            if (!from.exists()) {
                env.add(new EnvVar(key, expand(e.get("value").text(""), env, namespace), "inline", e.get("name").source()));
                continue;
            }
            YNode cmRef = from.get("configMapKeyRef");
            YNode secRef = from.get("secretKeyRef");
            if (cmRef.exists() || secRef.exists()) {
                YNode ref = cmRef.exists() ? cmRef : secRef;
                String name = ref.get("name").text("");
                String k = ref.get("key").text("");
                Map<String, DataEntry> data = (cmRef.exists() ? configMaps : secrets).get(name);
                DataEntry d = data == null ? null : data.get(k);
                env.add(new EnvVar(key, d == null ? null : d.value(), (cmRef.exists() ? "configmap/" : "secret/") + name,
                        e.get("name").source()));
            } else {
                env.add(new EnvVar(key, null, "field:" + from.at("fieldRef", "fieldPath").text(""), e.get("name").source()));
            }
        }
        // Later definitions win, as in Kubernetes (env over envFrom).
        Map<String, EnvVar> byKey = new LinkedHashMap<>();
        for (EnvVar v : env) byKey.put(v.key(), v);
        List<ContainerPort> ports = new ArrayList<>();
        for (YNode p : c.get("ports").list()) {
            Integer n = p.get("containerPort").intValue();
            if (n != null) ports.add(new ContainerPort(p.get("name").text(), n, p.source()));
        }
        List<Probe> probes = new ArrayList<>();
        for (String kind : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            YNode http = c.at(kind, "httpGet");
            if (http.exists()) {
                probes.add(new Probe(kind, http.get("path").text("/"), http.get("port").text(), http.get("path").exists()
                        ? http.get("path").source() : http.source()));
            }
            YNode exec = c.at(kind, "exec", "command");
            if (exec.exists()) {
                String cmd = String.join(" ", exec.list().stream().map(n -> n.text("")).toList());
                for (String path : UrlPaths.in(cmd)) probes.add(new Probe(kind, path, null, exec.source()));
            }
        }
        return new K8sContainer(c.get("name").text(""), c.get("image").text(), List.copyOf(command),
                List.copyOf(byKey.values()), List.copyOf(ports), List.copyOf(probes), c);
    }

    private K8sService service(K8sObject o) {
        YNode spec = o.root().get("spec");
        List<K8sService.ServicePort> ports = new ArrayList<>();
        for (YNode p : spec.get("ports").list()) {
            Integer port = p.get("port").intValue();
            ports.add(new K8sService.ServicePort(p.get("name").text(), port == null ? -1 : port, p.get("targetPort").text(), p.source()));
        }
        return new K8sService(o, spec.get("selector").stringMap(), List.copyOf(ports), "None".equals(spec.get("clusterIP").text()));
    }
}
