package dev.menderharness.checks.dns;

import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.support.Reporter;
import java.util.List;
import java.util.Optional;

/** Runs a batch of lookups from one vantage point: the probe on a service's network, or inside the service. */
final class LookupRunner {

    private LookupRunner() {
    }

    static List<Lookup> fromProbe(RunningStack stack, Reporter reporter, String service, List<String> names) {
        String vantage = "probe on " + service + "'s network";
        ExecResult r = stack.probe(service, LookupScript.command(names));
        attach(reporter, vantage, r);
        if (!r.ok()) {
            throw new CheckFailure("LOOKUP_NOT_RUN", "DNS probe for " + service + " failed to run (exit " + r.exitCode() + "): "
                    + (r.stderr() + r.stdout()).trim());
        }
        return LookupScript.parse(vantage, r.stdout(), r.took().dividedBy(Math.max(1, names.size())));
    }

    /** Empty when the service's image has no shell (upstream Mender images are FROM scratch). */
    static Optional<List<Lookup>> fromInside(RunningStack stack, Reporter reporter, String service, List<String> names) {
        String vantage = "inside " + service;
        Optional<ExecResult> res = stack.execInService(service, LookupScript.command(names));
        if (res.isEmpty()) {
            reporter.progress(service + ": image has no shell, lookups from inside it skipped (probe lookups stand)");
            return Optional.empty();
        }
        ExecResult r = res.get();
        attach(reporter, vantage, r);
        if (r.exitCode() == 126 || r.exitCode() == 127) {
            reporter.progress(service + ": no sh/getent in the image (exit " + r.exitCode() + "), lookups from inside skipped");
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new CheckFailure("LOOKUP_NOT_RUN", "lookups inside " + service + " failed to run (exit " + r.exitCode() + "): "
                    + (r.stderr() + r.stdout()).trim());
        }
        return Optional.of(LookupScript.parse(vantage, r.stdout(), r.took().dividedBy(Math.max(1, names.size()))));
    }

    private static void attach(Reporter reporter, String vantage, ExecResult r) {
        reporter.attach("getent ahosts, " + vantage, "exit " + r.exitCode() + ", " + r.took().toMillis() + " ms\n"
                + r.stdout() + (r.stderr().isBlank() ? "" : "\n[stderr]\n" + r.stderr()));
    }
}
