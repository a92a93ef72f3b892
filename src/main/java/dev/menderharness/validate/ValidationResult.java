package dev.menderharness.validate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The outcome of validating a directory: findings, what each rule examined, and notes on skipped input. */
public record ValidationResult(List<Finding> findings, Map<String, Set<String>> examinedByRule, List<String> notes) {
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
