package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a --set argument reads as helm reads it: pairs, key paths. */
class HelmValueKeysTest {

    @Test
    void pairsSplitAtCommasThatAreNotEscaped() {
        assertThat(HelmValueKeys.splitSet("a=1,b.c=2")).containsExactly("a=1", "b.c=2");
        assertThat(HelmValueKeys.splitSet("a=x\\,y,b=2")).containsExactly("a=x\\,y", "b=2");
        assertThat(HelmValueKeys.splitSet("a=1")).containsExactly("a=1");
    }

    @Test
    void keyPathsSplitAtDotsThatAreNotEscapedAndEndAtAListIndex() {
        assertThat(HelmValueKeys.setPath("deployments.env.DEPLOYMENTS_PRESIGN_SECRET")).containsExactly("deployments", "env", "DEPLOYMENTS_PRESIGN_SECRET");
        assertThat(HelmValueKeys.setPath("podAnnotations.example\\.com/x")).containsExactly("podAnnotations", "example.com/x");
        assertThat(HelmValueKeys.setPath("deployments.customEnvs[0].name")).isEqualTo(List.of("deployments", "customEnvs"));
    }
}
