package dev.menderharness.cluster.kubernetes;

import dev.menderharness.manifest.SourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads multi-document Kubernetes YAML files into typed objects, remembering each document's line. */
final class YamlDocuments {

    private static final Pattern SEPARATOR = Pattern.compile("^---(\\s.*)?$");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private YamlDocuments() {
    }

    static List<ManifestObject> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(file + ": cannot read (" + e.getMessage() + ")");
        }
        List<ManifestObject> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder doc = new StringBuilder();
        int docStart = 1;
        for (int i = 0; i <= lines.length; i++) {
            boolean end = i == lines.length || SEPARATOR.matcher(lines[i]).matches();
            if (end) {
                parse(doc.toString(), new SourceRef(file, docStart), out);
                doc.setLength(0);
                docStart = i + 2;
            } else {
                doc.append(lines[i]).append('\n');
            }
        }
        return out;
    }

    static void parse(String doc, SourceRef source, List<ManifestObject> out) {
        if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
            return;
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(doc);
        } catch (RuntimeException e) {
            throw new ManifestException(source + ": not a Kubernetes object (" + firstLine(e.getMessage()) + ")");
        }
        if (parsed instanceof KubernetesList list) {
            list.getItems().forEach(item -> add(item, source, out));
        } else if (parsed instanceof HasMetadata object) {
            add(object, source, out);
        } else {
            throw new ManifestException(source + ": not a Kubernetes object (no apiVersion/kind)");
        }
    }

    private static void add(HasMetadata object, SourceRef source, List<ManifestObject> out) {
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new ManifestException(source + ": " + object.getKind() + " without metadata.name");
        }
        out.add(new ManifestObject(object, source));
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
