package dev.menderharness.validate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of validating a directory: findings, what each rule examined, notes on skipped input,
 * and each rule's one-sentence description (for SARIF).
 */
public record ValidationResult(List<Finding> findings, Map<String, Set<String>> examinedByRule, List<String> notes,
                               Map<String, String> ruleDescriptions) {

    public ValidationResult(List<Finding> findings, Map<String, Set<String>> examinedByRule, List<String> notes) {
        this(findings, examinedByRule, notes, Map.of());
    }

    public boolean hasErrors() {
        return failsAt(Severity.ERROR);
    }

    /** True when some finding is at least {@code threshold} ({@code --fail-on}). */
    public boolean failsAt(Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    public long count(Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }
}
