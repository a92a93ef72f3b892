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
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        List<YNode> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // The composer alone (no Yaml facade): skips building a Constructor and Representer, which
            // is a good part of SnakeYAML's start-up cost; the node tree keeps every line number.
            Composer composer = new Composer(new ParserImpl(new StreamReader(r), options), new Resolver(), options);
            while (composer.checkNode()) {
                Node n = composer.getNode();
                if (n != null) {
                    rejectDuplicateKeys(file, n);
                    docs.add(new YNode(n, file));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new ManifestException(file, line, "malformed YAML: " + problem.replace('\n', ' ') + context.replace('\n', ' '));
        } catch (YAMLException e) {
            throw new ManifestException(file, 0, "malformed YAML: " + String.valueOf(e.getMessage()).replace('\n', ' '));
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + e.getMessage());
        }
        return docs;
    }

    /** The node API does not check duplicate keys (the constructor would); a duplicate silently overrides, so refuse it. */
    private static void rejectDuplicateKeys(Path file, Node n) {
        if (n instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && !k.getValue().equals("<<") && !seen.add(k.getValue())) {
                    throw new ManifestException(file, k.getStartMark().getLine() + 1, "malformed YAML: duplicate key '" + k.getValue() + "'");
                }
                rejectDuplicateKeys(file, t.getValueNode());
            }
        } else if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (Node c : s.getValue()) rejectDuplicateKeys(file, c);
        }
    }
}
