package dev.menderharness.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A Compose project as {@code docker compose -f a.yml -f b.yml config} sees it: each file
 * interpolated ({@link ComposeInterpolation}; the environment first, then the {@code .env} beside the
 * first file), its {@code include}s loaded as projects of their own and added, services'
 * {@code extends} resolved, YAML merge keys ({@code <<}) applied, and later files merged into earlier
 * ones (mappings by key, {@code environment}/{@code labels} by variable, {@code command},
 * {@code entrypoint} and {@code healthcheck.test} replaced, other lists appended).
 *
 * <p>Every node keeps the file it was written in, so a finding on a service that extends another, or
 * on one that came in through {@code include}, names the file and line of the value itself.
 */
public final class ComposeProject {
    private static final Set<String> SECTIONS = Set.of("services", "networks", "volumes", "configs", "secrets");
    private static final Set<String> BY_KEY = Set.of("environment", "labels", "annotations", "sysctls", "extra_hosts");
    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test", "dns_search");

    private final Map<String, String> environment;
    private final Origins origins = new Origins();
    private final List<Path> files = new ArrayList<>();
    private final List<String> notes;
    private final Set<String> unsetReported = new LinkedHashSet<>();

    private ComposeProject(Map<String, String> environment, List<String> notes) {
        this.environment = environment;
        this.notes = notes;
    }

    /** The merged top-level document (services, networks, volumes, configs, secrets) and the files it came from. */
    public record Loaded(YNode root, List<Path> files) {
    }

    /** Loads {@code composeFiles} as one project; {@code notes} hears of unset variables. */
    public static Loaded load(List<Path> composeFiles, Map<String, String> environment, List<String> notes) {
        ComposeProject p = new ComposeProject(environment, notes);
        Path first = composeFiles.get(0);
        Map<String, String> vars = p.vars(ComposeInterpolation.dotEnv(first.toAbsolutePath().getParent().resolve(".env")));
        Map<String, Map<String, Node>> project = new LinkedHashMap<>();
        for (Path f : composeFiles) p.mergeProject(project, p.loadProject(f, vars, new LinkedHashSet<>()), false, f);
        return new Loaded(p.toRoot(project, first), List.copyOf(p.files));
    }

    private Map<String, String> vars(Map<String, String> dotEnv) {
        Map<String, String> v = new LinkedHashMap<>(dotEnv);
        v.putAll(environment);
        return v;
    }

    /** One file with its includes and extends resolved: section -> name -> node. */
    private Map<String, Map<String, Node>> loadProject(Path file, Map<String, String> vars, Set<Path> stack) {
        Path abs = file.toAbsolutePath().normalize();
        if (!stack.add(abs)) throw new ManifestException(file, 0, "include cycle through " + file.getFileName());
        MappingNode doc = parse(abs, vars);
        YNode root = new YNode(doc, abs, origins);
        Map<String, Map<String, Node>> project = new LinkedHashMap<>();
        for (YNode inc : root.get("include").list()) {
            List<String> paths = new ArrayList<>();
            String projectDir = null;
            List<String> envFiles = new ArrayList<>();
            if (inc.isScalar()) {
                paths.add(inc.text(""));
            } else {
                YNode p = inc.get("path");
                if (p.isList()) p.list().forEach(x -> paths.add(x.text("")));
                else paths.add(p.text(""));
                projectDir = inc.get("project_directory").text();
                YNode ef = inc.get("env_file");
                if (ef.isList()) ef.list().forEach(x -> envFiles.add(x.text("")));
                else if (ef.text() != null) envFiles.add(ef.text());
            }
            Path base = abs.getParent();
            Path incFirst = base.resolve(paths.get(0)).normalize();
            if (!Files.isRegularFile(incFirst)) throw new ManifestException(abs, inc.line(), "included file " + paths.get(0) + " does not exist");
            Path incDir = projectDir != null ? base.resolve(projectDir).normalize() : incFirst.getParent();
            Map<String, String> incEnv = new LinkedHashMap<>(vars);
            if (envFiles.isEmpty()) incEnv.putAll(ComposeInterpolation.dotEnv(incDir.resolve(".env")));
            for (String ef : envFiles) incEnv.putAll(ComposeInterpolation.dotEnv(base.resolve(ef)));
            incEnv.putAll(environment);
            Map<String, Map<String, Node>> included = new LinkedHashMap<>();
            for (String rel : paths) {
                Path p = base.resolve(rel).normalize();
                if (!Files.isRegularFile(p)) throw new ManifestException(abs, inc.line(), "included file " + rel + " does not exist");
                mergeProject(included, loadProject(p, incEnv, stack), false, p);
            }
            mergeProject(project, included, true, abs);
        }
        Map<String, Map<String, Node>> own = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            Map<String, Node> entries = new LinkedHashMap<>();
            root.get(section).entries().forEach((name, n) -> entries.put(name, expandMergeKeys(n.raw())));
            own.put(section, entries);
        }
        Map<String, Node> services = own.get("services");
        Map<String, Node> resolved = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            resolved.put(name, withEnvFiles(extended(abs, name, services, vars, new LinkedHashSet<>()), abs));
        }
        own.put("services", resolved);
        // Resources of an included project may not be redefined by the including file (compose refuses it).
        for (String section : SECTIONS) {
            for (String name : own.get(section).keySet()) {
                if (project.getOrDefault(section, Map.of()).containsKey(name)) {
                    throw new ManifestException(abs, new YNode(own.get(section).get(name), abs, origins).line(),
                            section + " '" + name + "' is also defined by an included file");
                }
            }
        }
        mergeProject(project, own, false, abs);
        stack.remove(abs);
        return project;
    }

    private MappingNode parse(Path file, Map<String, String> vars) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + e.getMessage());
        }
        List<YNode> docs = YamlFiles.loadAll(text, file, origins);
        if (docs.isEmpty() || !docs.get(0).isMap()) throw new ManifestException(file, 1, "a compose file must be a mapping");
        if (!files.contains(file)) files.add(file);
        Node n = interpolate(docs.get(0).raw(), file, vars);
        origins.register(n, file);
        return (MappingNode) n;
    }

    /** The tree with every value (not key) interpolated. */
    private Node interpolate(Node n, Path file, Map<String, String> vars) {
        if (n instanceof ScalarNode s) {
            if (s.getValue().indexOf('$') < 0) return s;
            int line = s.getStartMark() == null ? 0 : s.getStartMark().getLine() + 1;
            String v = ComposeInterpolation.value(s.getValue(), file, line, vars::get, name -> {
                if (unsetReported.add(name)) notes.add("variable " + name + " is not set; Compose uses an empty string");
            });
            // A plain value stays plain (8080 stays a number for the stack file); an empty one becomes "" (not null).
            DumperOptions.ScalarStyle style = s.isPlain() && !v.isEmpty() ? DumperOptions.ScalarStyle.PLAIN : DumperOptions.ScalarStyle.DOUBLE_QUOTED;
            return new ScalarNode(Tag.STR, v, s.getStartMark(), s.getEndMark(), style);
        }
        if (n instanceof SequenceNode q) {
            List<Node> items = new ArrayList<>();
            for (Node c : q.getValue()) items.add(interpolate(c, file, vars));
            return new SequenceNode(q.getTag(), true, items, q.getStartMark(), q.getEndMark(), q.getFlowStyle());
        }
        if (n instanceof MappingNode m) {
            List<NodeTuple> ts = new ArrayList<>();
            for (NodeTuple t : m.getValue()) ts.add(new NodeTuple(t.getKeyNode(), interpolate(t.getValueNode(), file, vars)));
            return new MappingNode(m.getTag(), true, ts, m.getStartMark(), m.getEndMark(), m.getFlowStyle());
        }
        return n;
    }

    /** The service {@code name} with its {@code extends} chain applied. */
    private Node extended(Path file, String name, Map<String, Node> services, Map<String, String> vars, Set<String> seen) {
        Node service = services.get(name);
        if (!seen.add(file + "#" + name)) throw new ManifestException(file, 0, "extends cycle through service " + name);
        YNode y = new YNode(service, file, origins);
        YNode ext = y.get("extends");
        if (!ext.exists()) return service;
        String baseName = ext.isScalar() ? ext.text("") : ext.get("service").text("");
        String baseFile = ext.isScalar() ? null : ext.get("file").text();
        Node base;
        if (baseFile == null) {
            if (!services.containsKey(baseName)) throw new ManifestException(file, ext.line(), "extends service '" + baseName + "', which is not defined");
            base = extended(file, baseName, services, vars, seen);
        } else {
            Path bf = file.getParent().resolve(baseFile).normalize();
            if (!Files.isRegularFile(bf)) throw new ManifestException(file, ext.line(), "extends file " + baseFile + " does not exist");
            MappingNode doc = parse(bf, vars);
            Map<String, Node> baseServices = new LinkedHashMap<>();
            new YNode(doc, bf, origins).get("services").entries().forEach((k, v) -> baseServices.put(k, expandMergeKeys(v.raw())));
            if (!baseServices.containsKey(baseName)) throw new ManifestException(file, ext.line(), "extends service '" + baseName + "', which " + baseFile + " does not define");
            base = extended(bf, baseName, baseServices, vars, seen);
        }
        return merge(base, without((MappingNode) service, "extends"), null);
    }

    /**
     * {@code env_file} read into {@code environment} as Compose does (the service's own
     * {@code environment} wins); each variable keeps the env file and line it is written on.
     */
    private Node withEnvFiles(Node service, Path file) {
        if (!(service instanceof MappingNode m)) return service;
        YNode y = new YNode(m, file, origins);
        YNode ef = y.get("env_file");
        if (!ef.exists()) return service;
        List<NodeTuple> vars = new ArrayList<>();
        for (YNode entry : ef.isList() ? ef.list() : List.of(ef)) {
            String rel = entry.isMap() ? entry.get("path").text("") : entry.text("");
            boolean required = !entry.isMap() || !"false".equals(entry.get("required").text());
            Path envFile = y.get("env_file").file().getParent().resolve(rel).normalize();
            if (!Files.isRegularFile(envFile)) {
                if (required) throw new ManifestException(entry.file(), entry.line(), "env_file " + rel + " does not exist");
                continue;
            }
            ComposeInterpolation.dotEnvLines(envFile).forEach((k, v) -> {
                org.yaml.snakeyaml.error.Mark mark = new org.yaml.snakeyaml.error.Mark(envFile.toString(), 0, v.line() - 1, 0, new int[0], 0);
                ScalarNode key = new ScalarNode(Tag.STR, k, mark, mark, DumperOptions.ScalarStyle.PLAIN);
                ScalarNode value = new ScalarNode(Tag.STR, v.value(), mark, mark, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
                origins.put(key, envFile);
                origins.put(value, envFile);
                vars.add(new NodeTuple(key, value));
            });
        }
        Node fromFiles = mapping(vars, m);
        Node own = y.get("environment").exists() ? y.get("environment").raw() : null;
        List<NodeTuple> ts = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            String k = keyOf(t);
            if (k.equals("env_file")) continue;
            ts.add(k.equals("environment") ? new NodeTuple(t.getKeyNode(), merge(fromFiles, asMapping(own), "environment")) : t);
        }
        if (own == null) ts.add(new NodeTuple(scalar("environment", m, false), fromFiles));
        return mapping(ts, m);
    }

    private void mergeProject(Map<String, Map<String, Node>> into, Map<String, Map<String, Node>> from, boolean refuseConflicts, Path file) {
        from.forEach((section, entries) -> {
            Map<String, Node> target = into.computeIfAbsent(section, s -> new LinkedHashMap<>());
            entries.forEach((name, n) -> {
                Node existing = target.get(name);
                if (existing != null && refuseConflicts) {
                    throw new ManifestException(file, 0, section + " '" + name + "' is defined by two included files");
                }
                target.put(name, existing == null ? n : merge(existing, n, null));
            });
        });
    }

    private YNode toRoot(Map<String, Map<String, Node>> project, Path file) {
        List<NodeTuple> top = new ArrayList<>();
        project.forEach((section, entries) -> {
            List<NodeTuple> ts = new ArrayList<>();
            entries.forEach((name, n) -> ts.add(new NodeTuple(scalar(name, n, false), n)));
            Node first = entries.isEmpty() ? null : entries.values().iterator().next();
            top.add(new NodeTuple(scalar(section, first, false), mapping(ts, first)));
        });
        MappingNode root = mapping(top, null);
        origins.put(root, file);
        return new YNode(root, file, origins);
    }

    /** Compose's merge of an override into a base (later -f file, or a service over the one it extends). */
    Node merge(Node base, Node override, String key) {
        if (base instanceof MappingNode b && override instanceof MappingNode o) {
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple t : b.getValue()) out.put(keyOf(t), t);
            for (NodeTuple t : o.getValue()) {
                String k = keyOf(t);
                NodeTuple prev = out.get(k);
                out.put(k, prev == null ? t : new NodeTuple(t.getKeyNode(), mergeValue(k, prev.getValueNode(), t.getValueNode())));
            }
            MappingNode m = mapping(new ArrayList<>(out.values()), override);
            return m;
        }
        return override;
    }

    private Node mergeValue(String key, Node base, Node override) {
        if (REPLACED.contains(key)) return override;
        if (BY_KEY.contains(key) || key.equals("networks")) return merge(asMapping(base), asMapping(override), key);
        if (base instanceof SequenceNode b && override instanceof SequenceNode o) {
            List<Node> items = new ArrayList<>(b.getValue());
            Set<String> seen = new LinkedHashSet<>();
            for (Node n : b.getValue()) if (n instanceof ScalarNode s) seen.add(s.getValue());
            for (Node n : o.getValue()) if (!(n instanceof ScalarNode s) || seen.add(s.getValue())) items.add(n);
            SequenceNode seq = new SequenceNode(Tag.SEQ, true, items, o.getStartMark(), o.getEndMark(), DumperOptions.FlowStyle.BLOCK);
            origins.put(seq, origins.fileOf(o, null));
            return seq;
        }
        return merge(base, override, key);
    }

    /** {@code [A=1, B]} -> {A: "1", B: null}; a mapping stays as it is. */
    private Node asMapping(Node n) {
        if (!(n instanceof SequenceNode s)) return n;
        List<NodeTuple> ts = new ArrayList<>();
        for (Node item : s.getValue()) {
            if (!(item instanceof ScalarNode sc)) continue;
            String v = sc.getValue();
            int eq = v.indexOf('=');
            ScalarNode k = new ScalarNode(Tag.STR, eq < 0 ? v : v.substring(0, eq), sc.getStartMark(), sc.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
            ScalarNode val = eq < 0
                    ? new ScalarNode(Tag.NULL, "", sc.getStartMark(), sc.getEndMark(), DumperOptions.ScalarStyle.PLAIN)
                    : new ScalarNode(Tag.STR, v.substring(eq + 1), sc.getStartMark(), sc.getEndMark(), DumperOptions.ScalarStyle.DOUBLE_QUOTED);
            Path f = origins.fileOf(sc, null);
            origins.put(k, f);
            origins.put(val, f);
            ts.add(new NodeTuple(k, val));
        }
        return mapping(ts, n);
    }

    /** Applies YAML merge keys ({@code <<: *base}) the composer leaves as plain tuples. */
    private Node expandMergeKeys(Node n) {
        if (n instanceof MappingNode m) {
            List<NodeTuple> own = new ArrayList<>();
            Node merged = null;
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("<<")) {
                    List<Node> bases = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                    for (Node b : bases) merged = merged == null ? expandMergeKeys(b) : merge(merged, expandMergeKeys(b), null);
                } else {
                    own.add(new NodeTuple(t.getKeyNode(), expandMergeKeys(t.getValueNode())));
                }
            }
            MappingNode self = mapping(own, m);
            return merged == null ? self : merge(merged, self, null);
        }
        return n;
    }

    private MappingNode without(MappingNode m, String key) {
        List<NodeTuple> ts = new ArrayList<>();
        for (NodeTuple t : m.getValue()) if (!key.equals(keyOf(t))) ts.add(t);
        return mapping(ts, m);
    }

    private MappingNode mapping(List<NodeTuple> tuples, Node like) {
        MappingNode m = new MappingNode(Tag.MAP, true, tuples, like == null ? null : like.getStartMark(),
                like == null ? null : like.getEndMark(), DumperOptions.FlowStyle.BLOCK);
        if (like != null) origins.put(m, origins.fileOf(like, null));
        return m;
    }

    private ScalarNode scalar(String value, Node like, boolean quoted) {
        ScalarNode s = new ScalarNode(Tag.STR, value, like == null ? null : like.getStartMark(), like == null ? null : like.getEndMark(),
                quoted ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.PLAIN);
        if (like != null) origins.put(s, origins.fileOf(like, null));
        return s;
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
    }

    /** The file of every node of the project (nodes of merged trees come from several files). */
    static final class Origins implements YNode.Provenance {
        private final Map<Node, Path> files = new IdentityHashMap<>();

        void register(Node n, Path file) {
            if (n == null || files.containsKey(n)) return;
            files.put(n, file);
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    register(t.getKeyNode(), file);
                    register(t.getValueNode(), file);
                }
            } else if (n instanceof SequenceNode s) {
                for (Node c : s.getValue()) register(c, file);
            }
        }

        void put(Node n, Path file) {
            if (file != null) files.put(n, file);
        }

        @Override
        public Path fileOf(Node n, Path parentFile) {
            Path f = files.get(n);
            return f != null ? f : parentFile;
        }
    }
}
