package dev.menderharness.it;

import dev.menderharness.checks.dns.DnsResolutionCheck;
import dev.menderharness.checks.dns.ReplicaDnsCheck;
import dev.menderharness.junit.CheckRunner;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.Tags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DNS between the services of the deployed stack: names resolve to their service and accept connections. */
@MenderClusterTest
@Tag(Tags.DNS)
class DnsIT {

    /** Records the lookup latencies and connections in dns.json (key dns.resolution). */
    @Test
    void everyAddressAServiceUsesResolvesToThatServiceQuicklyAndAcceptsConnections(CheckRunner checks) {
        checks.run(new DnsResolutionCheck());
    }

    @Test
    void replicaDnsReturnsOneAddressPerRunningReplica(CheckRunner checks) {
        checks.run(new ReplicaDnsCheck());
    }
}
