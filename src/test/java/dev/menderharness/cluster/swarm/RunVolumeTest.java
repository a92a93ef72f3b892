package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunVolumeTest {

    @Test
    void tmpfsOrDisk() {
        assertThat(RunVolume.parse("tmpfs")).isEqualTo(RunVolume.TMPFS);
        assertThat(RunVolume.parse("disk")).isEqualTo(RunVolume.DISK);
    }

    @Test
    void anythingElseIsOneLineNamingTheProperty() {
        assertThatThrownBy(() -> RunVolume.parse("ram"))
                .hasMessage("-Dswarm.node-volume=ram: expected tmpfs or disk");
    }
}
