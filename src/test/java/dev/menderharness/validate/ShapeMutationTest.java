package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.manifest.ManifestException;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.validate.rules.StandardRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every field of a small deployment (Kubernetes objects, a stack file, Traefik file-provider YAML)
 * replaced in turn by a value of another shape: validation ends in findings or a one-line
 * ManifestException, never in another exception.
 */
class ShapeMutationTest {
    static final List<Object> REPLACEMENTS = List.of(5, "many", List.of(), Map.of(), List.of(Map.of("a", List.of(1))), -1, 70000);
    /** The deployment mutated: the corpus's own, or another directory given by -Dmutation.source (e.g. manifests). */
    static Path source() {
        String given = System.getProperty("mutation.source");
        if (given != null) return Path.of(given).toAbsolutePath();
        try {
            return Path.of(ShapeMutationTest.class.getResource("/hostile/mutation").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyFieldOfTheWrongShapeEndsInFindingsOrOneLine(@TempDir Path tmp) throws IOException {
        Path source = source();
        List<Path> files;
        try (Stream<Path> s = Files.walk(source)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<String> crashes = new ArrayList<>();
        int runs = 0;
        for (Path f : files) {
            if (!f.toString().endsWith(".yaml") && !f.toString().endsWith(".yml")) continue;
            Yaml yaml = new Yaml(new LoaderOptions());
            List<Object> docs = new ArrayList<>();
            for (Object d : yaml.loadAll(Files.readString(f))) docs.add(d);
            List<List<Object>> paths = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) collect(docs.get(i), new ArrayList<>(List.of(i)), paths);
            for (List<Object> path : paths) {
                for (Object r : REPLACEMENTS) {
                    Path dir = tmp.resolve("run" + runs++);
                    copy(source, dir);
                    List<Object> mutated = deepCopy(docs);
                    set(mutated, path, r);
                    DumperOptions o = new DumperOptions();
                    Files.writeString(dir.resolve(source.relativize(f).toString()), new Yaml(o).dumpAll(mutated.iterator()));
                    try {
                        StandardRules.validator().validate(Manifests.load(dir));
                    } catch (ManifestException e) {
                        assertThat(e.oneLine()).doesNotContain("\n");
                    } catch (RuntimeException | StackOverflowError e) {
                        StringBuilder sb = new StringBuilder(source.relativize(f) + " " + path + " := " + r + ": " + e);
                        for (StackTraceElement el : e.getStackTrace()) {
                            if (el.getClassName().startsWith("dev.menderharness")) {
                                sb.append(" at ").append(el);
                                break;
                            }
                        }
                        crashes.add(sb.toString());
                    }
                    deleteTree(dir);
                }
            }
        }
        System.err.println("ShapeMutationTest: " + runs + " mutated runs of " + source);
        assertThat(runs).isPositive();
        assertThat(crashes).as("%d mutated runs", runs).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object> path, List<List<Object>> out) {
        if (path.size() > 1) out.add(List.copyOf(path));
        if (node instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                path.add(k);
                collect(m.get(k), path, out);
                path.remove(path.size() - 1);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                collect(l.get(i), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(List<Object> docs, List<Object> path, Object value) {
        Object parent = docs;
        for (int i = 0; i < path.size() - 1; i++) parent = get(parent, path.get(i));
        Object key = path.get(path.size() - 1);
        if (parent instanceof Map<?, ?> m) ((Map<Object, Object>) m).put(key, value);
        else ((List<Object>) parent).set((Integer) key, value);
    }

    private static Object get(Object parent, Object key) {
        return parent instanceof Map<?, ?> m ? m.get(key) : ((List<?>) parent).get((Integer) key);
    }

    private static Object deepCopyOne(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, deepCopyOne(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopyOne(v)));
            return c;
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> deepCopy(List<Object> docs) {
        return (List<Object>) deepCopyOne(docs);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
