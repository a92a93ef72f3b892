package dev.menderharness.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.Benchmarks;
import dev.menderharness.checks.dns.DnsResolutionCheck;
import dev.menderharness.checks.dns.ReplicaDnsCheck;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.MenderClusterTest;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DNS between the services of the deployed stack (issue 5, part 1). */
@MenderClusterTest
@Tag("dns")
class DnsIT {

    @Test
    void everyAddressAServiceUsesResolvesToThatServiceQuickly(RunningStack stack) {
        DnsResolutionCheck.Measurements m = new DnsResolutionCheck().run(stack);
        Benchmarks.write("dns", m.toJson());
        assertThat(m.max()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void replicaDnsReturnsOneAddressPerRunningReplica(RunningStack stack) {
        assertThat(new ReplicaDnsCheck().run(stack)).isNotEmpty();
    }
}
