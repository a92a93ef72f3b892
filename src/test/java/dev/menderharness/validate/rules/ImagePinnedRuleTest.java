package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePinnedRuleTest {
    private final ImagePinnedRule rule = new ImagePinnedRule();

    @Test
    void violationsAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-gui");
            assertThat(x.message()).contains("has no tag");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-mongo");
            assertThat(x.message()).contains("uses tag latest");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("registry-port");
            assertThat(x.message()).contains("has no tag");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("image-pinned"));
    }

    @Test
    void cleanManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good")).isEmpty();
    }

}
