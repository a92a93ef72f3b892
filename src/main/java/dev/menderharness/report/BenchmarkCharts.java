package dev.menderharness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark numbers as small SVG bar charts for the report, so a person sees recovery times and
 * latency percentiles (and how they move between runs) without opening JSON: one chart of every
 * number measured in seconds, one of every latency percentile in milliseconds.
 */
public final class BenchmarkCharts {

    /** One bar: what was measured and its value. */
    public record Bar(String label, double value) {
    }

    private BenchmarkCharts() {
    }

    /** Every number whose name says seconds ({@code seconds_to_healthy}, {@code phasesSeconds.nodes}), by entry. */
    public static Optional<String> seconds(String title, Map<String, ?> entries) {
        List<Bar> bars = new ArrayList<>();
        entries.forEach((key, value) -> collect(key, value, false, bars));
        return bars.isEmpty() ? Optional.empty() : Optional.of(svg(title, bars, "s"));
    }

    /** Every latency percentile in milliseconds ({@code p50_ms}, {@code p95Ms}, {@code max_ms}), by entry. */
    public static Optional<String> latencies(String title, Map<String, ?> entries) {
        List<Bar> bars = new ArrayList<>();
        entries.forEach((key, value) -> collect(key, value, true, bars));
        return bars.isEmpty() ? Optional.empty() : Optional.of(svg(title, bars, "ms"));
    }

    private static void collect(String path, Object value, boolean latency, List<Bar> bars) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(path + "." + k, v, latency, bars));
            return;
        }
        if (!(value instanceof Number n)) return;
        String leaf = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        boolean isLatency = leaf.matches("(p\\d+|max)_?ms");
        boolean isSeconds = !isLatency && leaf.contains("second");
        if (latency ? isLatency : isSeconds) bars.add(new Bar(path, n.doubleValue()));
    }

    /** A horizontal bar chart: one row per bar, value written at its end. */
    static String svg(String title, List<Bar> bars, String unit) {
        int rowHeight = 18;
        int labelWidth = 430;
        int barWidth = 360;
        int height = 40 + rowHeight * bars.size();
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
        if (max <= 0) max = 1;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", labelWidth + barWidth + 90, height));
        s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s (%s)</text>%n",
                xml(title), unit));
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int y = 30 + i * rowHeight;
            int w = (int) Math.max(1, Math.round(barWidth * Math.max(0, b.value()) / max));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 6, y + 12, xml(b.label())));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4a90d9\"/>%n",
                    labelWidth, y + 2, w, rowHeight - 4));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    labelWidth + w + 4, y + 12, format(b.value())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String format(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
