package dev.menderharness.cluster.kubernetes;

import dev.menderharness.manifest.HelmChart;
import dev.menderharness.manifest.SourceRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Helm chart as the objects the deployer applies: rendered in-process ({@link HelmChart}, hooks
 * included, values and --set from {@code -Dhelm.values}/{@code -Dhelm.set}), test hooks left out.
 * {@link ApplyOrder} puts the pre-install hooks first by weight, as helm install runs them (Mender's
 * chart installs MongoDB that way).
 */
final class ChartObjects {
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
    private static final Pattern TEST_HOOK = Pattern.compile("(?m)^\\s+\"?helm\\.sh/hook\"?:\\s*\"?[^\\n]*\\btest(-success)?\\b");

    private ChartObjects() {
    }

    static List<ManifestObject> build(Path chartDir, List<Path> values, List<String> sets) {
        HelmChart chart = HelmChart.render(chartDir, values, sets);
        List<ManifestObject> out = new ArrayList<>();
        for (String doc : chart.renderedText().split("(?m)^---\\s*$")) {
            if (TEST_HOOK.matcher(doc).find()) continue;
            Matcher m = SOURCE.matcher(doc);
            Path template = m.find() ? HelmChart.templatePathOf(chartDir, m.group(1).trim()) : chartDir.resolve("Chart.yaml");
            YamlDocuments.parse(doc, new SourceRef(template, 1), out);
        }
        return out;
    }
}
