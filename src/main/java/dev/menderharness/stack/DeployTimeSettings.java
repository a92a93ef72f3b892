package dev.menderharness.stack;

import dev.menderharness.support.Reporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a deployer tells what it changed at deploy time (image policy, no-IPVS adaptations, the
 * gateway's external URL...): one progress line counting them by kind, the whole list attached to
 * the report (and kept in the stack's diagnostics). A line per service and deploy made most of a
 * CI log.
 */
public final class DeployTimeSettings {

    private DeployTimeSettings() {
    }

    /** {@code settings}: lines "kind: detail", e.g. "image policy: mender-gui mendersoftware/gui:v4.1.3 -> ...". */
    public static void report(Reporter reporter, String stack, List<String> settings) {
        if (settings.isEmpty()) {
            reporter.progress("deploy-time settings of " + stack + ": none");
            return;
        }
        reporter.progress("deploy-time settings of " + stack + ": " + summary(settings) + " (list attached to the report)");
        reporter.attach("deploy-time settings of " + stack, String.join("\n", settings));
    }

    /** For a re-apply of a deployed stack: the list attached to the report, no log line (it was said at the deploy). */
    public static void attach(Reporter reporter, String stack, List<String> settings) {
        reporter.attach("deploy-time settings of " + stack, settings.isEmpty() ? "none" : String.join("\n", settings));
    }

    /** "image policy 11, no IPVS 13, gateway 1": count per kind, in first-seen order. */
    static String summary(List<String> settings) {
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (String s : settings) {
            int colon = s.indexOf(':');
            byKind.merge(colon > 0 ? s.substring(0, colon) : s, 1, Integer::sum);
        }
        return byKind.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
