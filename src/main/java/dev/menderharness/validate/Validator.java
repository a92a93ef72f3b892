package dev.menderharness.validate;

import dev.menderharness.manifest.Manifests;
import dev.menderharness.validate.rules.AddressReferenceRule;
import dev.menderharness.validate.rules.DnsNameRule;
import dev.menderharness.validate.rules.EnvKeyRule;
import dev.menderharness.validate.rules.HealthPathRule;
import dev.menderharness.validate.rules.ImagePinnedRule;
import dev.menderharness.validate.rules.ParityRule;
import dev.menderharness.validate.rules.RestartPolicyRule;
import dev.menderharness.validate.rules.ServiceSelectorRule;
import dev.menderharness.validate.rules.SharedSecretRule;
import dev.menderharness.validate.rules.SwarmIgnoredKeysRule;
import dev.menderharness.validate.rules.TargetPortRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs every rule over a loaded manifests directory. */
public final class Validator {
    private final List<Rule> rules;

    public Validator(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Validator standard() {
        return new Validator(allRules());
    }

    public static List<Rule> allRules() {
        return List.of(new ServiceSelectorRule(), new TargetPortRule(), new AddressReferenceRule(), new DnsNameRule(),
                new RestartPolicyRule(), new HealthPathRule(), new ImagePinnedRule(), new EnvKeyRule(),
                new SharedSecretRule(), new SwarmIgnoredKeysRule(), new ParityRule());
    }

    /** Loads and validates; throws {@link dev.menderharness.manifest.ManifestException} on unreadable input. */
    public ValidationResult validate(Path dir) {
        return validate(Manifests.load(dir));
    }

    public ValidationResult validate(Manifests manifests) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Set<String>> examined = new LinkedHashMap<>();
        for (Rule r : rules) {
            RuleContext ctx = new RuleContext(r, manifests);
            r.check(ctx);
            findings.addAll(ctx.findings());
            examined.put(r.id(), ctx.examinedResources());
        }
        findings.sort(Comparator.comparing((Finding f) -> f.file() == null ? "" : f.file().toString())
                .thenComparingInt(Finding::line).thenComparing(Finding::rule));
        List<String> notes = new ArrayList<>(manifests.notes());
        if (manifests.kubernetes() == null) notes.add("no Kubernetes manifests found: Kubernetes rules and parity not checked");
        if (manifests.swarm() == null) notes.add("no Swarm stack file found: Swarm rules and parity not checked");
        if (manifests.gateway() == null) notes.add("no nginx gateway configuration found: gateway upstreams not checked");
        return new ValidationResult(List.copyOf(findings), examined, List.copyOf(notes));
    }
}
