package dev.menderharness.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupScriptTest {

    @Test
    void parsesAddressesExitCodesAndInContainerTiming() {
        String out = String.join("\n",
                "@@lookup mender-inventory 0 1000000000 1002500000",
                "10.0.1.7        STREAM mender-inventory",
                "10.0.1.7        DGRAM",
                "10.0.1.7        RAW",
                "10.0.1.9        STREAM",
                "@@lookup harness-no-such-name-1 2 2000000000 2000900000",
                "@@lookup s3.docker.mender.io 0 3000000000 3000100000",
                "10.0.1.3        STREAM s3.docker.mender.io",
                "");
        List<Lookup> l = LookupScript.parse("probe", out, Duration.ofSeconds(9));
        assertThat(l).hasSize(3);
        assertThat(l.get(0).name()).isEqualTo("mender-inventory");
        assertThat(l.get(0).addresses()).containsExactlyInAnyOrder("10.0.1.7", "10.0.1.9");
        assertThat(l.get(0).took()).isEqualTo(Duration.ofMillis(2).plusNanos(500_000));
        assertThat(l.get(0).resolved()).isTrue();
        assertThat(l.get(1).resolved()).isFalse();
        assertThat(l.get(1).exitCode()).isEqualTo(2);
        assertThat(l.get(1).took()).isEqualTo(Duration.ofNanos(900_000));
        assertThat(l.get(2).addresses()).containsExactly("10.0.1.3");
    }

    @Test
    void fallsBackToExecTimeWithoutNanosecondDate() {
        List<Lookup> l = LookupScript.parse("inside x", "@@lookup a 0 1700000000N 1700000000N\n10.0.0.1 STREAM a\n", Duration.ofMillis(40));
        assertThat(l.get(0).took()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void commandPassesNamesAsArguments() {
        String[] argv = LookupScript.command(List.of("a", "b.c"));
        assertThat(argv).startsWith("sh", "-c").endsWith("sh", "a", "b.c");
        assertThat(argv[2]).contains("getent ahosts");
    }
}
