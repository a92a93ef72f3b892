package dev.menderharness.validate;

import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.support.SecretMasker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What one rule run collects: the resources it examined (for JUnit passes) and its findings. */
public final class RuleContext {
    private final Rule rule;
    private final Manifests manifests;
    private final Set<String> examined = new LinkedHashSet<>();
    private final List<Finding> findings = new ArrayList<>();

    RuleContext(Rule rule, Manifests manifests) {
        this.rule = rule;
        this.manifests = manifests;
    }

    public Manifests manifests() { return manifests; }

    public void examined(String resource) { examined.add(resource); }

    public void error(SourceRef at, String resource, String message) {
        report(Severity.ERROR, at, resource, message);
    }

    public void warning(SourceRef at, String resource, String message) {
        report(Severity.WARNING, at, resource, message);
    }

    public void info(SourceRef at, String resource, String message) {
        report(Severity.INFO, at, resource, message);
    }

    /**
     * Records a finding. The message goes through {@link SecretMasker}: URL passwords, values of
     * credential-named keys and every secret value the loaders registered never reach any output.
     */
    public void report(Severity severity, SourceRef at, String resource, String message) {
        examined.add(resource);
        findings.add(Finding.of(rule.id(), severity, at, resource, SecretMasker.mask(message)));
    }

    public Set<String> examinedResources() { return examined; }

    public List<Finding> findings() { return findings; }
}
