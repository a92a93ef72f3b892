package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every {@code image:} value in a manifests directory ({@code kubernetes/**.yaml|yml} and
 * {@code swarm/stack.yml}), by file and line. A line scan is enough here: image values are
 * scalars on their key's line in both forms; full parsing belongs to the validator.
 */
public final class ManifestImages {

    /** One image reference as written, where it was found. */
    public record Use(Path file, int line, String image) {
    }

    private static final Pattern IMAGE = Pattern.compile("^\\s*(?:-\\s+)?image:\\s*(\\S.*?)\\s*(?:#.*)?$");

    private ManifestImages() {
    }

    public static List<Use> scan(Path manifestsDir) {
        if (!Files.isDirectory(manifestsDir)) {
            throw new ImageException("manifests directory " + manifestsDir + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        Path kube = manifestsDir.resolve("kubernetes");
        if (Files.isDirectory(kube)) {
            try (Stream<Path> s = Files.walk(kube)) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path stack = manifestsDir.resolve("swarm/stack.yml");
        if (Files.isRegularFile(stack)) files.add(stack);
        if (files.isEmpty()) {
            throw new ImageException("no manifests in " + manifestsDir + ": expected kubernetes/*.yaml or swarm/stack.yml");
        }
        List<Use> uses = new ArrayList<>();
        for (Path f : files) uses.addAll(scanFile(f));
        return uses;
    }

    static List<Use> scanFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ImageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Use> uses = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = IMAGE.matcher(lines.get(i));
            if (!m.matches()) continue;
            String value = unquote(m.group(1));
            if (value.isEmpty()) {
                throw new ImageException(file + ":" + (i + 1) + ": image: has no value");
            }
            uses.add(new Use(file, i + 1, value));
        }
        return uses;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
