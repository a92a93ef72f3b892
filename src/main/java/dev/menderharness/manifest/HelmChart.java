package dev.menderharness.manifest;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Helm chart rendered in-process with helm-java (helm's own Go library; no helm binary), hooks
 * included, vendored subcharts in {@code charts/} honoured.
 *
 * <p>helm-java's {@code template} returns the release manifest only: helm classifies documents
 * annotated {@code helm.sh/hook} as hooks and keeps them apart (the helm CLI prints them after the
 * manifest). A chart's hooks matter (Mender's chart installs MongoDB as a pre-install hook, its
 * migrations as Jobs), so the chart is rendered from a temporary copy in which that annotation key is
 * renamed; the rendered text gets it back. Test hooks ({@code helm.sh/hook: test}) run only under
 * {@code helm test} and are left out of {@link #documents()}.
 *
 * <p>Positions: a rendered document names its template ({@code # Source: chart/templates/x.yaml});
 * each rendered line is mapped to the template line that writes its key (searched in that template,
 * then in the helpers of its directory and the chart's {@code _helpers.tpl}), so findings point at
 * the chart's own files.
 */
public final class HelmChart {
    static final String HOOK = "helm.sh/hook";
    private static final String MASK = "x-harness.invalid/hook";
    private static final Pattern SOURCE = Pattern.compile("^# Source: (.+)$");
    private static final Pattern KEY = Pattern.compile("^\\s*(?:- )?\"?([A-Za-z0-9_.\\-/]+)\"?\\s*:(?:\\s|$)");

    private final Path chartDir;
    private final String rendered;
    private final Path renderedName;
    private final YNode.Provenance provenance;
    private final List<YNode> documents;
    private final int testHooks;

    private HelmChart(Path chartDir, String rendered) {
        this.chartDir = chartDir;
        this.rendered = rendered;
        this.renderedName = chartDir.resolve("(rendered)");
        this.provenance = new TemplateLines(chartDir, rendered, renderedName);
        List<YNode> docs = new ArrayList<>();
        int tests = 0;
        for (YNode d : YamlFiles.loadAll(rendered, renderedName, provenance)) {
            if (!d.isMap()) continue;
            String hook = d.at("metadata", "annotations").get(HOOK).text("");
            if (List.of(hook.split(",")).stream().map(String::trim).anyMatch(h -> h.equals("test") || h.equals("test-success"))) {
                tests++;
                continue;
            }
            docs.add(d);
        }
        this.documents = List.copyOf(docs);
        this.testHooks = tests;
    }

    /** True when {@code dir} holds a chart (Chart.yaml). */
    public static boolean isChart(Path dir) {
        return Files.isRegularFile(dir.resolve("Chart.yaml"));
    }

    /** Renders {@code chartDir} as {@code helm template --include-crds} with hooks, release "mender" in namespace "default". */
    public static HelmChart render(Path chartDir, List<Path> valuesFiles, List<String> sets) {
        return render(chartDir, valuesFiles, sets, "mender", "default");
    }

    public static HelmChart render(Path chartDir, List<Path> valuesFiles, List<String> sets, String release, String namespace) {
        Path staged = null;
        try {
            staged = stage(chartDir);
            TemplateCommand cmd = new Helm(staged).template().withName(release).withNamespace(namespace);
            for (Path v : valuesFiles) {
                if (!Files.isRegularFile(v)) throw new ManifestException(v, 0, "values file does not exist");
                cmd = cmd.withValuesFile(v.toAbsolutePath());
            }
            for (String s : sets) {
                int eq = s.indexOf('=');
                if (eq <= 0) throw new ManifestException(chartDir.resolve("Chart.yaml"), 0, "--set " + s + ": expected KEY=VALUE");
                cmd = cmd.set(s.substring(0, eq), s.substring(eq + 1));
            }
            String yaml;
            try {
                yaml = cmd.call();
            } catch (RuntimeException e) {
                throw new ManifestException(chartDir.resolve("Chart.yaml"), 0, "helm template failed: "
                        + String.valueOf(e.getMessage()).strip().replace('\n', ' '));
            }
            return new HelmChart(chartDir, yaml.replace(MASK, HOOK));
        } finally {
            if (staged != null) deleteTree(staged.getParent());
        }
    }

    public Path chartDir() { return chartDir; }

    /** The rendered manifest, hooks included, as helm prints it. */
    public String renderedText() { return rendered; }

    /** Every rendered document except test hooks, positions mapped to the templates. */
    public List<YNode> documents() { return documents; }

    /** How many test-hook documents were left out. */
    public int testHooks() { return testHooks; }

    /** Hook kinds of a rendered object ({@code pre-install}, ...), empty for a regular resource. */
    public static List<String> hooks(YNode doc) {
        String h = doc.at("metadata", "annotations").get(HOOK).text("");
        return h.isBlank() ? List.of() : List.of(h.split("\\s*,\\s*"));
    }

    /** The hook weight (0 when absent), the order helm creates hooks of one kind in. */
    public static int hookWeight(YNode doc) {
        try {
            return Integer.parseInt(doc.at("metadata", "annotations").get(HOOK + "-weight").text("0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Copies the chart to a temporary directory, unpacking charts/*.tgz, with the hook annotation key renamed in templates. */
    static Path stage(Path chart) {
        try {
            Path tmp = Files.createTempDirectory("mh-chart-");
            Path dst = tmp.resolve(chart.getFileName().toString());
            try (Stream<Path> s = Files.walk(chart)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path rel = chart.relativize(p);
                    if (rel.toString().startsWith(".git")) continue;
                    Path t = dst.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else if (p.getParent().getFileName().toString().equals("charts") && p.toString().endsWith(".tgz")) {
                        untgz(p, t.getParent());
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            try (Stream<Path> s = Files.walk(dst)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (!Files.isRegularFile(p) || !p.toString().contains("/templates/")) continue;
                    String c = Files.readString(p, StandardCharsets.UTF_8);
                    if (c.contains(HOOK)) Files.writeString(p, c.replace(HOOK, MASK), StandardCharsets.UTF_8);
                }
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void untgz(Path tgz, Path into) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tgz));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path t = into.resolve(e.getName()).normalize();
                if (!t.startsWith(into)) throw new IOException(tgz + ": entry " + e.getName() + " leaves the directory");
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else if (e.isFile()) {
                    Files.createDirectories(t.getParent());
                    Files.copy(tar, t);
                }
            }
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // a temporary copy: left for the OS to clean
        }
    }

    /** Maps rendered lines to the template (or helper) line that writes the same key. */
    static final class TemplateLines implements YNode.Provenance {
        private final Path renderedName;
        private final SourceRef[] map;

        TemplateLines(Path chartDir, String rendered, Path renderedName) {
            this.renderedName = renderedName;
            String[] lines = rendered.split("\n", -1);
            this.map = new SourceRef[lines.length + 2];
            Map<Path, String[]> cache = new HashMap<>();
            Path template = null;
            int cursor = 0;
            for (int i = 0; i < lines.length; i++) {
                Matcher m = SOURCE.matcher(lines[i]);
                if (m.matches()) {
                    template = templatePath(chartDir, m.group(1).trim());
                    cursor = 0;
                    map[i + 1] = new SourceRef(template, 1);
                    continue;
                }
                if (template == null) {
                    map[i + 1] = new SourceRef(renderedName, i + 1);
                    continue;
                }
                Matcher k = KEY.matcher(lines[i]);
                String needle = k.find() ? k.group(1) : lines[i].strip();
                if (needle.equals("name") || needle.equals("value")) {
                    String v = lines[i].substring(lines[i].indexOf(':') + 1).strip().replace("\"", "");
                    if (!v.isEmpty() && !v.contains("{")) needle = v;
                }
                String[] t = cache.computeIfAbsent(template, HelmChart::readLines);
                int found = indexOf(t, needle, cursor);
                if (found >= 0) {
                    cursor = found;
                    map[i + 1] = new SourceRef(template, found + 1);
                    continue;
                }
                SourceRef helper = inHelpers(chartDir, template, needle, cache);
                map[i + 1] = helper != null ? helper : new SourceRef(template, Math.max(1, cursor + 1));
            }
        }

        private static int indexOf(String[] lines, String needle, int from) {
            if (needle.isEmpty() || needle.equals("-") || needle.equals("---")) return -1;
            for (int j = from; j < lines.length; j++) if (lines[j].contains(needle)) return j;
            return -1;
        }

        private static SourceRef inHelpers(Path chartDir, Path template, String needle, Map<Path, String[]> cache) {
            if (needle.length() < 4) return null;
            List<Path> candidates = new ArrayList<>();
            Path dir = template.getParent();
            if (dir != null && Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().startsWith("_")).sorted().forEach(candidates::add);
                } catch (IOException ignored) {
                    // no helpers to search
                }
            }
            candidates.add(chartDir.resolve("templates/_helpers.tpl"));
            for (Path c : candidates) {
                if (!Files.isRegularFile(c)) continue;
                int j = indexOf(cache.computeIfAbsent(c, HelmChart::readLines), needle, 0);
                if (j >= 0) return new SourceRef(c, j + 1);
            }
            return null;
        }

        @Override
        public SourceRef map(Path file, int line) {
            if (!file.equals(renderedName) || line <= 0 || line >= map.length || map[line] == null) return new SourceRef(file, line);
            return map[line];
        }
    }

    /** {@code mender/templates/x.yaml} -> chartDir/templates/x.yaml; a packed subchart's template -> its .tgz. */
    public static Path templatePathOf(Path chartDir, String source) {
        return templatePath(chartDir, source);
    }

    static Path templatePath(Path chartDir, String source) {
        int slash = source.indexOf('/');
        String rel = slash < 0 ? source : source.substring(slash + 1);
        Path p = chartDir.resolve(rel).normalize();
        if (Files.exists(p)) return p;
        if (rel.startsWith("charts/")) {
            String sub = rel.substring("charts/".length());
            String name = sub.contains("/") ? sub.substring(0, sub.indexOf('/')) : sub;
            try (Stream<Path> s = Files.list(chartDir.resolve("charts"))) {
                return s.filter(x -> x.getFileName().toString().startsWith(name + "-") && x.toString().endsWith(".tgz"))
                        .findFirst().orElse(p);
            } catch (IOException e) {
                return p;
            }
        }
        return p;
    }

    private static String[] readLines(Path p) {
        try {
            if (!Files.isRegularFile(p) || p.toString().endsWith(".tgz")) return new String[0];
            return Files.readString(p, StandardCharsets.UTF_8).split("\n", -1);
        } catch (IOException e) {
            return new String[0];
        }
    }
}
