package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A read-only view of a SnakeYAML node that remembers its file and line, so every finding can say
 * where the offending value was written. Missing keys give {@link #MISSING}, never null.
 */
public final class YNode {
    public static final YNode MISSING = new YNode(null, null);

    private final Node node;
    private final Path file;
    private final Provenance provenance;

    YNode(Node node, Path file) {
        this(node, file, null);
    }

    /**
     * A node whose positions go through {@code provenance}: a rendered Helm document points at its
     * template, a merged Compose service at the file each of its parts came from.
     */
    YNode(Node node, Path file, Provenance provenance) {
        this.node = node;
        this.file = file;
        this.provenance = provenance;
    }

    /**
     * Where nodes of a generated or merged tree were written. {@link #fileOf} names the file of a node
     * taken from another file (merged trees), {@link #map} turns a position in the parsed text into the
     * position a person edits (a rendered manifest into its chart template).
     */
    public interface Provenance {
        default Path fileOf(Node n, Path parentFile) { return parentFile; }

        default SourceRef map(Path file, int line) { return new SourceRef(file, line); }
    }

    private YNode child(Node n) {
        return new YNode(n, provenance == null ? file : provenance.fileOf(n, file), provenance);
    }

    /** The underlying SnakeYAML node (loaders that build merged trees). */
    Node raw() { return node; }

    Provenance provenance() { return provenance; }

    Path rawFile() { return file; }

    public boolean exists() { return node != null; }

    public boolean isMap() { return node instanceof MappingNode; }

    public boolean isList() { return node instanceof SequenceNode; }

    public boolean isScalar() { return node instanceof ScalarNode; }

    /** 1-based line of this node (of the nearest known position when missing: 0). */
    public int line() { return source().line(); }

    public Path file() { return source().file(); }

    public SourceRef source() {
        int raw = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        return provenance == null || node == null ? new SourceRef(file, raw) : provenance.map(file, raw);
    }

    public YNode get(String key) {
        if (!(node instanceof MappingNode m)) return MISSING;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return child(t.getValueNode());
            }
        }
        return MISSING;
    }

    /** Follows a path of keys: {@code at("spec", "template", "spec")}. */
    public YNode at(String... keys) {
        YNode n = this;
        for (String k : keys) n = n.get(k);
        return n;
    }

    /** The key node of {@code key} (for the line of the key itself). */
    public YNode keyNode(String key) {
        if (!(node instanceof MappingNode m)) return MISSING;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return child(k);
            }
        }
        return MISSING;
    }

    /** Scalar text, or null when missing or not a scalar (YAML null also gives null). */
    public String text() {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            boolean plainNull = s.isPlain() && (v.equals("null") || v.equals("~") || v.isEmpty());
            return plainNull ? null : v;
        }
        return null;
    }

    public String text(String fallback) {
        String t = text();
        return t == null ? fallback : t;
    }

    public Integer intValue() {
        String t = text();
        if (t == null) return null;
        try {
            return Integer.parseInt(t.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public List<YNode> list() {
        if (!(node instanceof SequenceNode s)) return List.of();
        List<YNode> out = new ArrayList<>();
        for (Node n : s.getValue()) out.add(child(n));
        return out;
    }

    /** Map entries in file order (keys as text). */
    public Map<String, YNode> entries() {
        Map<String, YNode> out = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) out.put(k.getValue(), child(t.getValueNode()));
            }
        }
        return out;
    }

    /** Scalar map values as text (for labels, ConfigMap data). */
    public Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        entries().forEach((k, v) -> out.put(k, v.text("")));
        return out;
    }

    @Override
    public String toString() {
        return node == null ? "<missing>" : (isScalar() ? text() : node.getNodeId().name());
    }
}
