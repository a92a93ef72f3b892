package dev.menderharness.validate;

import dev.menderharness.manifest.Manifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the rules it is given over a loaded manifests directory (the harness's own: {@code validate.rules.StandardRules}). */
public final class Validator {
    private final List<Rule> rules;

    public Validator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Loads and validates; throws {@link dev.menderharness.manifest.ManifestException} on unreadable input. */
    public ValidationResult validate(Path dir) {
        return validate(Manifests.load(dir));
    }

    public ValidationResult validate(Manifests manifests) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Set<String>> examined = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Rule r : rules) {
            descriptions.put(r.id(), r.description());
            RuleContext ctx = new RuleContext(r, manifests);
            r.check(ctx);
            findings.addAll(ctx.findings());
            examined.put(r.id(), ctx.examinedResources());
        }
        findings.sort(Comparator.comparing((Finding f) -> f.file() == null ? "" : f.file().toString())
                .thenComparingInt(Finding::line).thenComparing(Finding::rule));
        List<String> notes = new ArrayList<>(manifests.notes());
        if (manifests.kubernetes() == null) notes.add("no Kubernetes manifests found: Kubernetes rules not checked");
        if (manifests.swarm() == null) notes.add("no Compose or Swarm stack file found: Swarm rules not checked");
        if (manifests.gateway() == null && !manifests.hasTraefik()) {
            notes.add("no gateway configuration (nginx or Traefik) found: gateway routes not checked");
        }
        return new ValidationResult(List.copyOf(findings), examined, List.copyOf(notes), descriptions);
    }
}
