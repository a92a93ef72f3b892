package dev.menderharness.validate.rules;

import dev.menderharness.manifest.Manifests;
import dev.menderharness.validate.Finding;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.ValidationResult;
import dev.menderharness.validate.Validator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** Runs one rule on test data under src/test/resources/validate/<rule>/<case>/. */
final class RuleTesting {
    private RuleTesting() {
    }

    static Path data(String rule, String caseName) {
        try {
            return Path.of(RuleTesting.class.getResource("/validate/" + rule + "/" + caseName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Finding> findings(Rule rule, String caseName) {
        ValidationResult r = new Validator(List.of(rule)).validate(Manifests.load(data(rule.id(), caseName)));
        return r.findings();
    }

    /** Findings of ALL rules on a case: the good cases of one rule should not trip the others either. */
    static List<Finding> allFindings(String rule, String caseName) {
        return StandardRules.validator().validate(data(rule, caseName)).findings();
    }
}
