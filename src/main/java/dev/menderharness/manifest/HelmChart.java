package dev.menderharness.manifest;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.menderharness.support.TempDirs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private final List<HelmValueKeys.Unknown> unusedValues;

    private HelmChart(Path chartDir, String rendered, List<HelmValueKeys.Unknown> unusedValues) {
        this.chartDir = chartDir;
        this.unusedValues = List.copyOf(unusedValues);
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
                if (!Files.exists(v)) throw new ManifestException(v, 0, "values file does not exist");
                // helm reads it: refuse what would block it (a pipe) or exceed the size limit, first.
                ManifestFiles.checkReadable(v);
                cmd = cmd.withValuesFile(v.toAbsolutePath());
            }
            // helm --set a=1,b=2 is two pairs (a "\," stays in its value); helm-java takes one pair per call
            for (String given : sets) {
                for (String s : HelmValueKeys.splitSet(given)) {
                    int eq = s.indexOf('=');
                    if (eq <= 0) throw new ManifestException(chartDir.resolve("Chart.yaml"), 0, "--set " + given + ": expected KEY=VALUE");
                    cmd = cmd.set(s.substring(0, eq), s.substring(eq + 1).replace("\\,", ","));
                }
            }
            String yaml;
            try {
                yaml = cmd.call();
            } catch (RuntimeException e) {
                throw new ManifestException(chartDir.resolve("Chart.yaml"), 0, "helm template failed: "
                        + String.valueOf(e.getMessage()).strip().replace('\n', ' '));
            }
            Path rendered = chartDir.resolve("(rendered)");
            if (yaml.length() > InputLimits.MAX_FILE_BYTES) {
                throw new ManifestException(chartDir.resolve("Chart.yaml"), 0, "the chart renders to " + InputLimits.megabytes(yaml.length())
                        + ", over the validator's limit of " + InputLimits.megabytes(InputLimits.MAX_FILE_BYTES) + " per file");
            }
            ManifestFiles.charge(rendered, yaml.length());
            return new HelmChart(chartDir, yaml.replace(MASK, HOOK), HelmValueKeys.unknown(staged, chartDir.resolve("Chart.yaml"), valuesFiles, sets));
        } finally {
            if (staged != null) TempDirs.deleteTree(staged.getParent());
        }
    }

    public Path chartDir() { return chartDir; }

    /** The rendered manifest, hooks included, as helm prints it. */
    public String renderedText() { return rendered; }

    /** Every rendered document except test hooks, positions mapped to the templates. */
    public List<YNode> documents() { return documents; }

    /** The values given (--values, --set) that the chart has no use for: Helm ignored them. */
    public List<HelmValueKeys.Unknown> unusedValues() { return unusedValues; }

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

    /**
     * Copies the chart to a temporary directory, unpacking charts/*.tgz, with the hook annotation key
     * renamed in templates. helm reads every file of a chart: a named pipe or device would block it or
     * never end, so only regular files are copied; a symbolic link that leaves the chart is refused,
     * a file over {@link InputLimits#MAX_FILE_BYTES} too.
     */
    static Path stage(Path chart) {
        Path tmp = null;
        try {
            tmp = TempDirs.create("mh-chart-");
            Path dst = tmp.resolve(chart.getFileName().toString());
            // Walked from its real path with links followed, as helm's loader follows them (a chart given
            // as a symbolic link, a subchart linked in): each file's real path must stay in the chart.
            Path realChart = chart.toRealPath();
            try (Stream<Path> s = Files.walk(realChart, FileVisitOption.FOLLOW_LINKS)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path rel = realChart.relativize(p);
                    if (rel.toString().startsWith(".git")) continue;
                    Path named = chart.resolve(rel.toString());
                    Path t = dst.resolve(rel.toString());
                    if (!Files.exists(p)) continue; // a dangling link: helm skips it too
                    Path real = p.toRealPath();
                    if (!real.startsWith(realChart)) {
                        throw new ManifestException(named, 0, "symbolic link to " + real + ", outside the chart " + chart + "; refused");
                    }
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                        continue;
                    }
                    if (!Files.isRegularFile(p)) continue; // a pipe, device or socket: helm would block on it
                    ManifestFiles.checkReadable(named);
                    if (p.getParent().getFileName().toString().equals("charts") && p.toString().endsWith(".tgz")) {
                        untgz(named, t.getParent());
                    } else {
                        Files.copy(p, t);
                    }
                }
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof FileSystemLoopException loop) {
                    throw new ManifestException(Path.of(loop.getFile()), 0, "symbolic link loop in the chart " + chart);
                }
                throw e;
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
            if (tmp != null) TempDirs.deleteTree(tmp);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (tmp != null) TempDirs.deleteTree(tmp);
            throw e;
        }
    }

    /** Unpacks a packed subchart; what it holds is bounded as the files of a directory are (a gzip bomb stops at the limit). */
    private static void untgz(Path tgz, Path into) throws IOException {
        long total = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tgz));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path t = into.resolve(e.getName()).normalize();
                if (!t.startsWith(into)) throw new ManifestException(tgz, 0, "entry " + e.getName() + " leaves the directory");
                if (e.isDirectory()) {
                    Files.createDirectories(t);
                } else if (e.isFile()) {
                    Files.createDirectories(t.getParent());
                    byte[] bytes = tar.readNBytes((int) InputLimits.MAX_FILE_BYTES + 1);
                    total += bytes.length;
                    if (bytes.length > InputLimits.MAX_FILE_BYTES || total > InputLimits.MAX_TOTAL_BYTES) {
                        throw new ManifestException(tgz, 0, "unpacks to more than " + InputLimits.megabytes(bytes.length > InputLimits.MAX_FILE_BYTES
                                ? InputLimits.MAX_FILE_BYTES : InputLimits.MAX_TOTAL_BYTES) + (bytes.length > InputLimits.MAX_FILE_BYTES
                                ? " in " + e.getName() : "") + ", over the validator's limit");
                    }
                    Files.write(t, bytes);
                }
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ManifestException(tgz, 0, "not a gzipped tar archive: " + e.getMessage());
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
            long[] budget = {50_000_000L}; // line comparisons for the whole chart (see indexOf)
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
                int found = indexOf(t, needle, cursor, budget);
                if (found >= 0) {
                    cursor = found;
                    map[i + 1] = new SourceRef(template, found + 1);
                    continue;
                }
                SourceRef helper = inHelpers(chartDir, template, needle, cache, budget);
                map[i + 1] = helper != null ? helper : new SourceRef(template, Math.max(1, cursor + 1));
            }
        }

        /**
         * The first line from {@code from} that contains {@code needle}. {@code budget} holds the line
         * comparisons left for the whole chart: a huge template rendered into many lines would make the
         * search quadratic; past the budget lines map to their template's last position.
         */
        private static int indexOf(String[] lines, String needle, int from, long[] budget) {
            if (needle.isEmpty() || needle.equals("-") || needle.equals("---")) return -1;
            for (int j = from; j < lines.length; j++) {
                if (--budget[0] < 0) return -1;
                if (lines[j].contains(needle)) return j;
            }
            return -1;
        }

        private static SourceRef inHelpers(Path chartDir, Path template, String needle, Map<Path, String[]> cache, long[] budget) {
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
                int j = indexOf(cache.computeIfAbsent(c, HelmChart::readLines), needle, 0, budget);
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
