package dev.menderharness.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The values a user gave a chart ({@code --values} files, {@code --set} pairs) that the chart has no
 * use for: not in its {@code values.yaml} and never named in a template. Helm ignores such a value
 * without a word, so {@code --set deployments.env.DEPLOYMENTS_PRESGN_SECRET=...} leaves the presign
 * secret unset while the user believes it set.
 *
 * <p>A key counts as known when the chart's defaults have it at that path, or when its name appears
 * in any template (a {@code .Values.a.b} path, a {@code with} block's relative {@code .b}, an
 * {@code index .Values "b"} string): templates may read values the defaults leave out (the Mender
 * chart renders {@code deployments.env.DEPLOYMENTS_AWS_TAG_ARTIFACT} that way). Below an empty map,
 * null, a list or a scalar default (free-form: {@code podAnnotations: {}}) anything goes; subcharts'
 * keys (their name or alias at the top) are theirs to judge and are not checked.
 */
public final class HelmValueKeys {

    /**
     * A given value the chart does not use.
     *
     * @param path        the key path, first segment first (the unknown key last)
     * @param at          where it was given: a values file's line; for a {@code --set} pair the
     *                    chart's Chart.yaml, line 0
     * @param candidates  what a misspelling of it may have meant: the keys the chart's defaults have
     *                    beside it and, for an environment-variable-like name, every such name the
     *                    templates read
     * @param givenBeside the keys the user gave beside it
     */
    public record Unknown(List<String> path, SourceRef at, Set<String> candidates, Set<String> givenBeside) {
        public String key() {
            return String.join(".", path);
        }

        public String name() {
            return path.get(path.size() - 1);
        }
    }

    /** A value as given: its key path, where it was given. */
    record Given(List<String> path, SourceRef at) {
    }

    /** The value path a template iterates or prints whole: {@code range [$k, $v :=] X}, {@code with X}, {@code toYaml X}. */
    private static final Pattern WHOLE_MAP = Pattern.compile(
            "(?:range\\s+(?:\\$\\w+\\s*(?:,\\s*\\$\\w+\\s*)?:=\\s*)?|with\\s+|toYaml\\s+)\\(?\\s*[.$][\\w.]*?\\.?([A-Za-z_]\\w*)\\s*[|)}]");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\"([A-Za-z_][A-Za-z0-9_]*)\"");
    /** An environment variable's name as Mender's keys are spelled. */
    public static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    private static final Pattern LIST_INDEX = Pattern.compile("\\[\\d+]$");

    private HelmValueKeys() {
    }

    /**
     * The unknown keys among {@code valuesFiles} and {@code sets}, judged against {@code chart} (a
     * staged copy: subcharts unpacked under {@code charts/}, so their templates count too).
     */
    static List<Unknown> unknown(Path chart, Path chartYaml, List<Path> valuesFiles, List<String> sets) {
        List<Given> given = new ArrayList<>();
        for (String s : sets) {
            for (String pair : splitSet(s)) {
                int eq = pair.indexOf('=');
                // a --set pair has no line: the finding points at the chart it was given to
                if (eq > 0) given.add(new Given(setPath(pair.substring(0, eq)), new SourceRef(chartYaml, 0)));
            }
        }
        for (Path f : valuesFiles) {
            for (YNode doc : YamlFiles.loadAll(f)) {
                leaves(doc, new ArrayList<>(), given);
            }
        }
        if (given.isEmpty()) return List.of();
        Path valuesYaml = chart.resolve("values.yaml");
        YNode defaults = Files.isRegularFile(valuesYaml) ? YamlFiles.loadAll(valuesYaml).stream().findFirst().orElse(YNode.MISSING) : YNode.MISSING;
        Set<String> named = new java.util.HashSet<>();
        Set<String> wholeMaps = new java.util.HashSet<>();
        templateNames(chart, named, wholeMaps);
        Set<String> subcharts = subchartNames(chart);
        List<Unknown> out = new ArrayList<>();
        for (Given g : given) {
            if (g.path().isEmpty() || subcharts.contains(g.path().get(0))) continue;
            judge(g, defaults, named, wholeMaps, given).ifPresent(out::add);
        }
        return out;
    }

    private static java.util.Optional<Unknown> judge(Given g, YNode defaults, Set<String> named, Set<String> wholeMaps, List<Given> all) {
        YNode node = defaults;
        for (int i = 0; i < g.path().size(); i++) {
            String seg = g.path().get(i);
            // a map a template ranges over, or prints whole, uses every key the user puts in it
            if (i > 0 && wholeMaps.contains(g.path().get(i - 1))) return java.util.Optional.empty();
            // free-form below: an empty map, null, a list or a scalar default accepts anything
            if (!node.isMap() || node.entries().isEmpty()) return java.util.Optional.empty();
            YNode next = node.get(seg);
            if (!next.exists()) {
                if (named.contains(seg)) return java.util.Optional.empty();
                List<String> path = g.path().subList(0, i + 1);
                Set<String> beside = new LinkedHashSet<>();
                for (Given other : all) {
                    if (other.path().size() > i && other.path().subList(0, i).equals(path.subList(0, i))) beside.add(other.path().get(i));
                }
                Set<String> candidates = new java.util.TreeSet<>(node.entries().keySet());
                if (ENV_NAME.matcher(seg).matches()) named.stream().filter(n -> ENV_NAME.matcher(n).matches()).forEach(candidates::add);
                return java.util.Optional.of(new Unknown(List.copyOf(path), g.at(), candidates, beside));
            }
            node = next;
        }
        return java.util.Optional.empty();
    }

    /**
     * Every name a template of the chart (or of a subchart) could read a value by, and the names of
     * the maps templates use whole.
     */
    private static void templateNames(Path chart, Set<String> names, Set<String> wholeMaps) {
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p) || !p.toString().contains("/templates/")) continue;
                String text = Files.readString(p, StandardCharsets.UTF_8);
                Matcher m = TEMPLATE_NAME.matcher(text);
                while (m.find()) names.add(m.group(1) != null ? m.group(1) : m.group(2));
                Matcher w = WHOLE_MAP.matcher(text);
                while (w.find()) wholeMaps.add(w.group(1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subcharts by directory name under charts/, and the aliases Chart.yaml gives its dependencies. */
    private static Set<String> subchartNames(Path chart) {
        Set<String> names = new LinkedHashSet<>();
        Path charts = chart.resolve("charts");
        if (Files.isDirectory(charts)) {
            try (Stream<Path> s = Files.list(charts)) {
                s.filter(Files::isDirectory).forEach(d -> names.add(d.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path chartYaml = chart.resolve("Chart.yaml");
        if (Files.isRegularFile(chartYaml)) {
            for (YNode doc : YamlFiles.loadAll(chartYaml)) {
                for (YNode dep : doc.get("dependencies").list()) {
                    names.add(dep.get("name").text(""));
                    names.add(dep.get("alias").text(""));
                }
            }
        }
        names.remove("");
        return names;
    }

    /** Leaf keys of a values file: maps are walked, a list or scalar ends a path. */
    private static void leaves(YNode node, List<String> path, List<Given> out) {
        if (!node.isMap()) {
            if (!path.isEmpty()) out.add(new Given(List.copyOf(path), node.exists() ? node.source() : null));
            return;
        }
        if (node.entries().isEmpty() && !path.isEmpty()) {
            out.add(new Given(List.copyOf(path), node.source()));
            return;
        }
        node.entries().forEach((k, v) -> {
            path.add(k);
            leaves(v, path, out);
            path.remove(path.size() - 1);
        });
    }

    /** helm --set a=1,b=2: pairs split at commas not escaped (a value's {@code \,} stays). */
    static List<String> splitSet(String s) {
        return split(s, ',', true);
    }

    /** helm's key path: dots separate, {@code \.} is a dot in a key; a list index ends the path. */
    static List<String> setPath(String key) {
        List<String> out = split(key, '.', false);
        List<String> path = new ArrayList<>();
        for (String seg : out) {
            Matcher m = LIST_INDEX.matcher(seg);
            if (m.find()) {
                path.add(seg.substring(0, m.start()));
                break;
            }
            path.add(seg);
        }
        return path;
    }

    /** {@code s} split at {@code sep} where it is not escaped by a backslash; escapes kept or resolved. */
    private static List<String> split(String s, char sep, boolean keepEscapes) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (keepEscapes) cur.append(c);
                cur.append(s.charAt(++i));
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
