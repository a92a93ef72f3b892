package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.rules.StandardRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code mvn verify} validates the reference manifests (${manifests.dir}, default ./manifests): no error or warning (notes of the catalogue may remain). */
class ReferenceManifestsTest {
    @Test
    void referenceManifestsValidateClean() {
        Path dir = Path.of(System.getProperty("manifests.dir", "manifests"));
        ValidationResult r = StandardRules.validator().validate(dir);
        assertThat(r.findings()).as("findings in %s:%n%s", dir, Formats.text(r))
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        // helm-values judges the values given to a chart; the reference manifests are not one
        assertThat(r.examinedByRule()).as("every rule looked at something").allSatisfy((rule, examined) -> {
            if (!rule.equals("helm-values")) assertThat(examined).as(rule).isNotEmpty();
        });
    }
}
