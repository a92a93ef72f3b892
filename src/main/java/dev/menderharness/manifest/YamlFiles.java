package dev.menderharness.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Reads YAML files as node trees with line numbers; malformed input becomes a one-line {@link ManifestException}. */
public final class YamlFiles {
    private YamlFiles() {
    }

    /** Every document of a (multi-document) YAML file; empty documents are skipped. */
    public static List<YNode> loadAll(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return loadAll(r, file, null);
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Every document of YAML {@code text} (rendered or interpolated in memory), positions named after
     * {@code file} and mapped through {@code provenance} (null: as parsed).
     */
    public static List<YNode> loadAll(String text, Path file, YNode.Provenance provenance) {
        try {
            return loadAll(new java.io.StringReader(text), file, provenance);
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static List<YNode> loadAll(Reader r, Path file, YNode.Provenance provenance) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<YNode> docs = new ArrayList<>();
        try {
            // The composer alone (no Yaml facade): skips building a Constructor and Representer, which
            // is a good part of SnakeYAML's start-up cost; the node tree keeps every line number.
            Composer composer = new Composer(new ParserImpl(new StreamReader(r), options), new Resolver(), options);
            while (composer.checkNode()) {
                Node n = composer.getNode();
                if (n != null) {
                    rejectDuplicateKeys(file, n, provenance);
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

    /** The node API does not check duplicate keys (the constructor would); a duplicate silently overrides, so refuse it. */
    private static void rejectDuplicateKeys(Path file, Node n, YNode.Provenance provenance) {
        if (n instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && !k.getValue().equals("<<") && !seen.add(k.getValue())) {
                    int line = k.getStartMark().getLine() + 1;
                    SourceRef at = provenance == null ? new SourceRef(file, line) : provenance.map(file, line);
                    throw new ManifestException(at.file(), at.line(), "malformed YAML: duplicate key '" + k.getValue() + "'");
                }
                rejectDuplicateKeys(file, t.getValueNode(), provenance);
            }
        } else if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (Node c : s.getValue()) rejectDuplicateKeys(file, c, provenance);
        }
    }
}
