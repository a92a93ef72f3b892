package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings with(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return Settings.from(p, Map.of());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Settings s = Settings.defaults();
        assertThat(s.cluster()).isEqualTo("swarm");
        assertThat(s.manifestsDir()).isEqualTo(Path.of("manifests"));
        assertThat(s.imagePolicy()).isEqualTo("upstream");
        assertThat(s.swarmWorkers()).isEqualTo(2);
        assertThat(s.swarmNodeSeed()).isTrue();
        assertThat(s.stackReadyTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.benchmarksDir()).isEqualTo(s.projectDir().resolve("target/benchmarks"));
        assertThat(s.isSet(Setting.CLUSTER)).isFalse();
    }

    @Test
    void propertiesEnvironmentAndOverridesAreRead() {
        Properties p = new Properties();
        p.setProperty("cluster", "k3s");
        p.setProperty("swarm.node-seed", "off");
        p.setProperty("project.basedir", "/x");
        Settings s = Settings.from(p, Map.of("DOCKER_HOST", "tcp://10.0.0.5:2375", "cluster", "ignored-env"));
        assertThat(s.cluster()).isEqualTo("k3s");
        assertThat(s.swarmNodeSeed()).isFalse();
        assertThat(s.diagnosticsDir()).isEqualTo(Path.of("/x/target/diagnostics"));
        assertThat(s.dockerHost()).isEqualTo("tcp://10.0.0.5:2375");
        Settings up = s.with(Setting.IMAGE_POLICY, "fixture").with(Setting.CLUSTER, null);
        assertThat(up.imagePolicy()).isEqualTo("fixture");
        assertThat(up.cluster()).isEqualTo("k3s");
        assertThat(s.imagePolicy()).as("the original is unchanged").isEqualTo("upstream");
    }

    @Test
    void badValuesSayWhichSettingInOneLine() {
        assertThatThrownBy(() -> with("swarm.workers", "two").swarmWorkers())
                .hasMessage("-Dswarm.workers=two: expected a whole number");
        assertThatThrownBy(() -> with("swarm.ipvs", "maybe").swarmIpvs())
                .hasMessage("-Dswarm.ipvs=maybe: expected auto, on or off");
    }

    @Test
    void describeListsEverySettingOnceAndMasksSecrets() {
        SecretMasker.register("s3cr3t-token-value");
        var lines = Settings.from(new Properties(), Map.of("DOCKER_HOST", "tcp://u:s3cr3t-token-value@h:2375")).describe();
        assertThat(lines).hasSize(Setting.values().length);
        assertThat(lines).contains("-Dcluster=swarm (default)");
        assertThat(String.join("\n", lines)).doesNotContain("s3cr3t-token-value").contains("DOCKER_HOST=tcp://u:****@h:2375");
    }

    /** The README's settings table is the user's documentation: every setting the harness reads is a row of it. */
    @Test
    void readmeTableListsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting s : Setting.values()) {
            assertThat(readme).as("README settings table row for " + s.spelled()).contains("| `" + s.spelled() + "` |");
        }
    }
}
