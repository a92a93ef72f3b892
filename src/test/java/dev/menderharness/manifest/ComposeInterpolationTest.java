package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeInterpolationTest {
    private static final Path FILE = Path.of("docker-compose.yml");
    private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "TAG", "v4.1.3");

    private static String apply(String text) {
        return ComposeInterpolation.apply(text, FILE, ENV::get, x -> { });
    }

    @Test
    void everyFormComposeKnows() {
        assertThat(apply("a: ${SET} $SET ${SET:-d} ${SET-d}")).isEqualTo("a: value value value value");
        assertThat(apply("a: ${UNSET:-d} ${UNSET-d} ${EMPTY:-d} [${EMPTY-d}]")).isEqualTo("a: d d d []");
        assertThat(apply("a: ${SET:+alt} [${UNSET:+alt}] ${EMPTY+alt} [${EMPTY:+alt}]")).isEqualTo("a: alt [] alt []");
        assertThat(apply("image: reg/${REPO:-mendersoftware}/x:${TAG:-latest}")).isEqualTo("image: reg/mendersoftware/x:v4.1.3");
        assertThat(apply("a: ${UNSET:-${SET}}")).as("a default holding a variable").isEqualTo("a: value");
        assertThat(apply("price: $$5 and $${SET}")).isEqualTo("price: $5 and ${SET}");
        assertThat(apply("# ${UNSET:?comments are not interpolated}\nb: 1")).startsWith("# ${UNSET");
    }

    @Test
    void aMissingRequiredVariableNamesTheLine() {
        assertThatThrownBy(() -> apply("a: 1\nb: ${UNSET:?set UNSET first}"))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).line()).isEqualTo(2))
                .hasMessageContaining("required variable UNSET is missing a value: set UNSET first");
        assertThatThrownBy(() -> apply("b: ${EMPTY:?}")).isInstanceOf(ManifestException.class);
        assertThat(apply("b: [${EMPTY?}]")).as("without the colon, empty is a value").isEqualTo("b: []");
    }

    @Test
    void unsetVariablesAreReportedAndBecomeEmpty() {
        List<String> unset = new ArrayList<>();
        assertThat(ComposeInterpolation.apply("a: [${NOPE}]", FILE, ENV::get, unset::add)).isEqualTo("a: []");
        assertThat(unset).singleElement().asString().startsWith("NOPE (docker-compose.yml:1)");
    }
}
