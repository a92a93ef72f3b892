package dev.menderharness.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Reads YAML files as node trees with line numbers; malformed input becomes a one-line {@link ManifestException}. */
public final class YamlFiles {
    private YamlFiles() {
    }

    /** Every document of a (multi-document) YAML file; empty documents are skipped. */
    public static List<YNode> loadAll(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        Yaml yaml = new Yaml(options);
        List<YNode> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node n : yaml.composeAll(r)) {
                if (n != null) docs.add(new YNode(n, file));
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
}
