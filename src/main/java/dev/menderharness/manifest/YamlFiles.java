package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML files as node trees with line numbers; malformed input becomes a one-line
 * {@link ManifestException}. Hostile input too: files are read through {@link ManifestFiles} (size,
 * regular file, UTF-8), nesting is limited while parsing, the nodes of a load are counted as they
 * are parsed, and a document whose aliases refer to themselves (recursive) or expand it beyond
 * {@link InputLimits#MAX_ALIAS_EXPANSION} nodes (a "billion laughs") is refused before anyone walks it.
 */
public final class YamlFiles {
    private YamlFiles() {
    }

    /** Every document of a (multi-document) YAML file; empty documents are skipped. */
    public static List<YNode> loadAll(Path file) {
        return loadAll(ManifestFiles.readText(file), file, null);
    }

    /**
     * Every document of YAML {@code text} (rendered or interpolated in memory), positions named after
     * {@code file} and mapped through {@code provenance} (null: as parsed).
     */
    public static List<YNode> loadAll(String text, Path file, YNode.Provenance provenance) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, 2 * InputLimits.MAX_FILE_BYTES));
        options.setNestingDepthLimit(InputLimits.MAX_NESTING + 1); // backstops: CountingParser refuses first, with a line
        options.setMaxAliasesForCollections(InputLimits.MAX_COLLECTION_ALIASES + 1);
        List<YNode> docs = new ArrayList<>();
        try {
            // The composer alone (no Yaml facade): skips building a Constructor and Representer, which
            // is a good part of SnakeYAML's start-up cost; the node tree keeps every line number.
            Composer composer = new Composer(new CountingParser(new ParserImpl(new StreamReader(text), options), file, provenance),
                    new Resolver(), options);
            while (composer.checkNode()) {
                Node n = composer.getNode();
                if (n != null) {
                    new TreeCheck(file, provenance).document(n);
                    docs.add(new YNode(n, file, provenance));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            SourceRef at = provenance == null ? new SourceRef(file, line) : provenance.map(file, line);
            throw new ManifestException(at.file(), at.line(), "malformed YAML: " + problem.replace('\n', ' ') + context.replace('\n', ' '));
        } catch (YAMLException e) {
            throw new ManifestException(file, 0, "malformed YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        return docs;
    }

    /**
     * Counts the nodes a file declares as they are parsed, against the load's budget; refuses nesting
     * and aliases of collections beyond the limits at the line where they happen (SnakeYAML's own
     * checks, one past ours, would give no line).
     */
    private static final class CountingParser implements Parser {
        private final Parser parser;
        private final Path file;
        private final YNode.Provenance provenance;
        private final Set<String> collectionAnchors = new HashSet<>();
        private int depth;
        private int collectionAliases;

        CountingParser(Parser parser, Path file, YNode.Provenance provenance) {
            this.parser = parser;
            this.file = file;
            this.provenance = provenance;
        }

        @Override
        public boolean checkEvent(Event.ID choice) { return parser.checkEvent(choice); }

        @Override
        public Event peekEvent() { return parser.peekEvent(); }

        @Override
        public Event getEvent() {
            Event e = parser.getEvent();
            if (e instanceof CollectionStartEvent c) {
                if (++depth > InputLimits.MAX_NESTING) {
                    throw at(e, "malformed YAML: collections nested more than " + InputLimits.MAX_NESTING + " levels deep");
                }
                if (c.getAnchor() != null) collectionAnchors.add(c.getAnchor());
            } else if (e instanceof CollectionEndEvent) {
                depth--;
            } else if (e instanceof AliasEvent a && collectionAnchors.contains(a.getAnchor())
                    && ++collectionAliases > InputLimits.MAX_COLLECTION_ALIASES) {
                throw at(e, "malformed YAML: more than " + InputLimits.MAX_COLLECTION_ALIASES
                        + " aliases to collections in one file (exploding aliases, \"billion laughs\")");
            }
            if ((e instanceof ScalarEvent || e instanceof CollectionStartEvent || e instanceof AliasEvent) && !ManifestFiles.chargeNodes(1)) {
                throw at(e, "the YAML read so far holds more than " + InputLimits.MAX_YAML_NODES
                        + " nodes, the validator's limit per run; validate a smaller directory");
            }
            return e;
        }

        private ManifestException at(Event e, String message) {
            int line = e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
            SourceRef where = provenance == null ? new SourceRef(file, line) : provenance.map(file, line);
            return new ManifestException(where.file(), where.line(), message);
        }
    }

    /**
     * One pass over a composed document, each node visited once: duplicate keys (the node API does
     * not check them; a duplicate silently overrides), recursive aliases, and the size and depth of
     * the tree with its aliases expanded, which is what every later walk of it costs.
     */
    private static final class TreeCheck {
        private final Path file;
        private final YNode.Provenance provenance;
        private final Map<Node, long[]> done = new IdentityHashMap<>();
        private final Set<Node> onPath = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private long distinct;

        TreeCheck(Path file, YNode.Provenance provenance) {
            this.file = file;
            this.provenance = provenance;
        }

        void document(Node root) {
            long expanded = visit(root, 1)[0];
            if (expanded - distinct > InputLimits.MAX_ALIAS_EXPANSION) throw expansion(root, expanded);
        }

        /** {expanded size, expanded height} of {@code n}, memoized per node. */
        private long[] visit(Node n, int depth) {
            long[] known = done.get(n);
            if (known != null) {
                if (depth + known[1] > InputLimits.MAX_EXPANDED_NESTING) throw tooDeep(n);
                return known;
            }
            if (depth > InputLimits.MAX_EXPANDED_NESTING) throw tooDeep(n);
            if (!onPath.add(n)) {
                String anchor = n.getAnchor() == null ? "an anchor" : "&" + n.getAnchor();
                throw error(n, "malformed YAML: recursive alias: " + anchor + " contains an alias to itself");
            }
            distinct++;
            long size = 1;
            long height = 1;
            if (n instanceof MappingNode m) {
                Set<String> seen = new HashSet<>();
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && !k.getValue().equals("<<") && !seen.add(k.getValue())) {
                        throw error(k, "malformed YAML: duplicate key '" + k.getValue() + "'");
                    }
                    for (Node c : new Node[] {t.getKeyNode(), t.getValueNode()}) {
                        long[] r = visit(c, depth + 1);
                        size = Math.min(Long.MAX_VALUE / 4, size + r[0]);
                        height = Math.max(height, r[1] + 1);
                    }
                }
            } else if (n instanceof SequenceNode s) {
                for (Node c : s.getValue()) {
                    long[] r = visit(c, depth + 1);
                    size = Math.min(Long.MAX_VALUE / 4, size + r[0]);
                    height = Math.max(height, r[1] + 1);
                }
            }
            onPath.remove(n);
            if (size - distinct > InputLimits.MAX_ALIAS_EXPANSION) throw expansion(n, size);
            long[] r = {size, height};
            done.put(n, r);
            return r;
        }

        private ManifestException expansion(Node n, long size) {
            return error(n, "malformed YAML: aliases expand this document to " + (size >= Long.MAX_VALUE / 4 ? "billions of" : String.valueOf(size))
                    + " nodes, more than the " + InputLimits.MAX_ALIAS_EXPANSION + " an alias may add (exploding aliases, \"billion laughs\")");
        }

        private ManifestException tooDeep(Node n) {
            return error(n, "malformed YAML: nested more than " + InputLimits.MAX_EXPANDED_NESTING + " levels deep with its aliases expanded");
        }

        private ManifestException error(Node n, String message) {
            int line = n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
            SourceRef at = provenance == null ? new SourceRef(file, line) : provenance.map(file, line);
            return new ManifestException(at.file(), at.line(), message);
        }
    }
}
