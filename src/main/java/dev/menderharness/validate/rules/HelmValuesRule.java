package dev.menderharness.validate.rules;

import dev.menderharness.manifest.HelmChart;
import dev.menderharness.manifest.HelmValueKeys;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import dev.menderharness.validate.Severity;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A value given to a chart ({@code --values}, {@code --set}) that the chart does not use is ignored
 * by Helm without a word ({@link HelmValueKeys}). Condition: every given key exists in the chart's
 * defaults or is read by a template. A likely misspelling (within 2 edits) of a key the chart does
 * use, not itself given, is an error when it names an environment variable (the deployment then runs
 * without the setting the user meant, e.g. {@code deployments.env.DEPLOYMENTS_PRESGN_SECRET}) and a
 * warning otherwise; any other unused key is a warning (a value meant for a chart version that no
 * longer reads it).
 */
public final class HelmValuesRule implements Rule {

    @Override
    public String id() { return "helm-values"; }

    @Override
    public String description() { return "every value given to a Helm chart (--values, --set) is one the chart uses; Helm ignores the others without a word"; }

    @Override
    public void check(RuleContext ctx) {
        for (HelmChart chart : ctx.manifests().charts()) {
            String resource = "Chart/" + chart.chartDir().getFileName();
            ctx.examined(resource);
            for (HelmValueKeys.Unknown u : chart.unusedValues()) {
                String given = (u.at().line() == 0 ? "--set " : "values key ") + u.key();
                Set<String> meant = new TreeSet<>(u.candidates());
                meant.removeAll(u.givenBeside());
                Optional<String> suggestion = u.name().length() >= 4 ? EditDistance.closest(u.name(), meant, 2) : Optional.empty();
                String parent = u.path().size() > 1 ? String.join(".", u.path().subList(0, u.path().size() - 1)) + "." : "";
                if (suggestion.isPresent()) {
                    boolean env = HelmValueKeys.ENV_NAME.matcher(u.name()).matches();
                    ctx.report(env ? Severity.ERROR : Severity.WARNING, u.at(), resource, given + " is not a value the chart uses: Helm ignores it"
                            + (env ? ", so " + parent + suggestion.get() + " keeps the chart's default" : "")
                            + " (did you mean " + parent + suggestion.get() + "?)");
                } else {
                    ctx.warning(u.at(), resource, given + " is not a value the chart uses (not in its values.yaml, read by no template): Helm ignores it");
                }
            }
        }
    }
}
