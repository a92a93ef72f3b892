package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.dns.DnsResolutionCheck;
import dev.menderharness.checks.dns.ReplicaDnsCheck;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DNS between the services of the deployed stack (issue 5, part 1). */
@MenderClusterTest
@Tag(Tags.DNS)
class DnsIT {

    /** Records the lookup latencies in dns.json (key dns.resolution). */
    @Test
    void everyAddressAServiceUsesResolvesToThatServiceQuickly(CheckRunner checks) {
        DnsResolutionCheck.Measurements m = checks.run(new DnsResolutionCheck());
        assertThat(m.max()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void replicaDnsReturnsOneAddressPerRunningReplica(CheckRunner checks) {
        assertThat(checks.run(new ReplicaDnsCheck()).services()).isNotEmpty();
    }
}
