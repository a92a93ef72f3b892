package dev.menderharness.checks.dns;

import static dev.menderharness.checks.FakeStack.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.FakeStack;
import dev.menderharness.checks.ManifestAddressSource;
import dev.menderharness.checks.RecordingReporter;
import dev.menderharness.checks.ServiceAddress;
import dev.menderharness.manifest.Topology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;

class DnsResolutionCheckTest {

    private static final Topology TOPOLOGY = FakeStack.topology(
            service("mender-deployments", "mendersoftware/deployments:v4.1.3", Map.of(
                    "DEPLOYMENTS_AWS_URI", "http://minio:9000",
                    "DEPLOYMENTS_MONGO_URL", "mongodb://mender-mongo:27017",
                    "DEPLOYMENTS_AWS_EXTERNAL_URI", "https://s3.docker.mender.io",
                    "DEPLOYMENTS_AWS_AUTH_KEY", "mender"), Set.of(), 1),
            service("mender-inventory", "mendersoftware/inventory:v4.1.3", Map.of(
                    "INVENTORY_MONGO", "mongodb://mender-mongo:27017",
                    "INVENTORY_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080"), Set.of(), 1),
            service("mender-workflows-server", "mendersoftware/workflows:v4.1.3", Map.of(
                    "WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017",
                    "WORKFLOWS_NATS_URI", "nats://mender-nats:4222"), Set.of(), 1),
            service("mender-mongo", "mongo:8.0.28", Map.of(), Set.of("mongo-deployments"), 1),
            service("mender-nats", "nats:2.10.29-alpine", Map.of(), Set.of(), 1),
            service("minio", "minio/minio:RELEASE.2025-04-22T22-12-26Z", Map.of(), Set.of(), 1),
            service("mender-api-gateway", "nginx:1.28.0", Map.of("MENDER_EXTERNAL_URL", "https://localhost:4443"),
                    Set.of("s3.docker.mender.io", "docker.mender.io"), 1));

    private FakeStack stack;
    private final RecordingReporter reporter = new RecordingReporter();

    private CheckContext context() {
        return new CheckContext(stack, reporter);
    }

    @BeforeEach
    void wiredCorrectly() {
        stack = new FakeStack(TOPOLOGY);
        addr("mender-deployments", "10.0.0.10");
        addr("mender-inventory", "10.0.0.11");
        addr("mender-workflows-server", "10.0.0.12");
        addr("mender-mongo", "10.0.0.13");
        addr("mender-nats", "10.0.0.14");
        addr("minio", "10.0.0.15");
        addr("mender-api-gateway", "10.0.0.16");
        stack.dns.put("s3.docker.mender.io", List.of("10.0.0.16"));
    }

    private void addr(String svc, String ip) {
        stack.dns.put(svc, List.of(ip));
        stack.replicas.put(svc, List.of(ip));
    }

    @Test
    void readsEnvCodeDefaultsAndDeclaredExternalAliases() {
        List<ServiceAddress> a = new ManifestAddressSource().addresses(TOPOLOGY);
        assertThat(a).extracting(ServiceAddress::consumer, ServiceAddress::host).contains(
                org.assertj.core.groups.Tuple.tuple("mender-deployments", "minio"),
                org.assertj.core.groups.Tuple.tuple("mender-deployments", "s3.docker.mender.io"),
                org.assertj.core.groups.Tuple.tuple("mender-deployments", "mender-inventory"),
                org.assertj.core.groups.Tuple.tuple("mender-inventory", "mender-mongo"),
                org.assertj.core.groups.Tuple.tuple("mender-workflows-server", "mender-nats"));
        assertThat(a).filteredOn(x -> x.host().equals("mender-inventory")).extracting(ServiceAddress::origin)
                .containsExactly("code default DEPLOYMENTS_INVENTORY_ADDR=http://mender-inventory:8080");
        assertThat(a).extracting(ServiceAddress::host).doesNotContain("localhost", "mender");
    }

    /** The reason codes a CheckFailure must carry (among others). */
    private static ThrowingConsumer<Throwable> reasons(String... codes) {
        return t -> assertThat(((CheckFailure) t).reasons()).contains(codes);
    }

    @Test
    void passesWhenEveryNameLeadsToItsService() {
        DnsResolutionCheck.Measurements m = new DnsResolutionCheck().run(context());
        assertThat(m.lookups()).isNotEmpty();
        assertThat(m.p95()).isLessThan(java.time.Duration.ofSeconds(1));
        assertThat(m.toJson()).contains("\"p50Ms\"", "\"p95Ms\"");
    }

    @Test
    void itsBenchmarkIsTheLatencyEntryOfDnsJson() {
        DnsResolutionCheck.Measurements m = new DnsResolutionCheck().run(context());
        BenchmarkEntry e = m.benchmark().orElseThrow();
        assertThat(e.file()).isEqualTo("dns");
        assertThat(e.key()).isEqualTo("dns.resolution");
        assertThat(new java.util.LinkedHashMap<String, Object>(e.values())).containsKeys("lookups", "addressesChecked", "p50Ms", "p95Ms", "maxMs", "limitMs", "byVantage", "samples")
                .containsEntry("lookups", m.lookups().size()).containsEntry("limitMs", 1000L);
        assertThat(reporter.attachments).anyMatch(a -> a.title().equals("DNS lookup latency") && a.json());
    }

    @Test
    void theLookupLimitIsTheChecksOwn() {
        stack.slowMillis.put("mender-nats", 300L);
        new DnsResolutionCheck().run(context());
        DnsResolutionCheck strict = new DnsResolutionCheck(new ManifestAddressSource(),
                new DnsResolutionCheck.Limits(java.time.Duration.ofMillis(200)));
        assertThatThrownBy(() -> strict.run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("took 300 ms (limit 200 ms)");
    }

    @Test
    void failsWhenAnAliasIsMissing() {
        stack.dns.remove("s3.docker.mender.io");
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("s3.docker.mender.io does not resolve")
                .hasMessageContaining("DEPLOYMENTS_AWS_EXTERNAL_URI")
                .satisfies(reasons("NAME_NOT_RESOLVED"));
    }

    @Test
    void failsWhenANamePointsAtAnotherService() {
        stack.dns.put("minio", List.of("10.0.0.13"));
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("minio resolves").hasMessageContaining("addresses of mender-mongo, not of minio")
                .satisfies(reasons("NAME_LEADS_TO_OTHER_SERVICE"));
    }

    @Test
    void acceptsVirtualIpsOfTheServiceAndItsAliases() {
        stack.dns.put("mender-api-gateway", List.of("10.0.9.1"));
        stack.dns.put("s3.docker.mender.io", List.of("10.0.9.1"));
        new DnsResolutionCheck().run(context());
        stack.dns.put("s3.docker.mender.io", List.of("10.0.9.2"));
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("which is not mender-api-gateway")
                .satisfies(reasons("NAME_NOT_TARGET"));
    }

    @Test
    void aServicesOwnNameMustLeadToItsOwnVirtualIpWhereTheOrchestratorRecordsOne() {
        // Before: any address no other service owned passed for a service's own name.
        stack.vips.put("minio", List.of("10.0.9.15"));
        stack.dns.put("minio", List.of("10.0.9.15"));
        new DnsResolutionCheck().run(context());
        stack.dns.put("minio", List.of("10.0.9.99"));
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("minio resolves").hasMessageContaining("which is not minio")
                .satisfies(onlyReason("NAME_NOT_TARGET"));
    }

    @Test
    void anotherServicesVirtualIpLeadsToThatService() {
        stack.vips.put("mender-mongo", List.of("10.0.9.13"));
        stack.dns.put("minio", List.of("10.0.9.13"));
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("addresses of mender-mongo, not of minio")
                .satisfies(onlyReason("NAME_LEADS_TO_OTHER_SERVICE"));
    }

    @Test
    void aNameAlsoClaimedByAnotherServiceLeadsToItEvenWhenItsReplicaDnsListsBoth() {
        // Swarm: a second service declaring the alias mender-workflows-server adds its task to the name
        // and to tasks.mender-workflows-server alike
        stack.dns.put("mender-workflows-server", List.of("10.0.0.12", "10.0.0.13"));
        stack.replicas.put("mender-workflows-server", List.of("10.0.0.12", "10.0.0.13"));
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("addresses of mender-mongo, not of mender-workflows-server")
                .satisfies(onlyReason("NAME_LEADS_TO_OTHER_SERVICE"));
    }

    @Test
    void connectsToEveryResolvedAddressOnThePortTheConsumerUses() {
        DnsResolutionCheck.Measurements m = new DnsResolutionCheck().run(context());
        assertThat(stack.connectTargets).contains("minio|10.0.0.15|9000", "mender-mongo|10.0.0.13|27017",
                "mender-nats|10.0.0.14|4222", "s3.docker.mender.io|10.0.0.16|443", "mender-workflows-server|10.0.0.12|8080");
        assertThat(m.connects()).allMatch(ConnectScript.Connect::connected);
        assertThat(new java.util.LinkedHashMap<String, Object>(m.benchmark().orElseThrow().values())).containsEntry("connectionsRefused", 0L);
    }

    @Test
    void failsWhenTheNameLeadsToItsServiceButThePortIsClosed() {
        stack.closed.add("10.0.0.15:9000");
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("minio resolves probe on mender-deployments's network to its service, but 10.0.0.15:9000 "
                        + "accepts no TCP connection")
                .hasMessageContaining("DEPLOYMENTS_AWS_URI")
                .satisfies(onlyReason("NAME_NOT_CONNECTABLE"));
    }

    @Test
    void anUnresolvedNameIsOneFailureNotAConnectFailureToo() {
        stack.dns.remove("s3.docker.mender.io");
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).satisfies(onlyReason("NAME_NOT_RESOLVED"));
        assertThat(stack.connectTargets).noneMatch(t -> t.startsWith("s3.docker.mender.io|"));
    }

    /** The one reason code a CheckFailure must carry, and no other. */
    private static ThrowingConsumer<Throwable> onlyReason(String code) {
        return t -> assertThat(((CheckFailure) t).reasons()).containsExactly(code);
    }

    @Test
    void failsOnWildcardAnswers() {
        stack.wildcard = "10.0.0.99";
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("the unknown name harness-no-such-name-").hasMessageContaining("wildcard")
                .satisfies(reasons("WILDCARD_ANSWER"));
    }

    @Test
    void failsOnSlowLookups() {
        stack.slowMillis.put("mender-nats", 1500L);
        assertThatThrownBy(() -> new DnsResolutionCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("lookup of mender-nats").hasMessageContaining("took 1500 ms")
                .satisfies(reasons("LOOKUP_SLOW"));
    }

    @Test
    void checksInsideServicesToo() {
        stack.shellInServices = true;
        DnsResolutionCheck.Measurements m = new DnsResolutionCheck().run(context());
        assertThat(m.lookups()).anyMatch(l -> l.vantage().startsWith("inside "));
    }

    @Test
    void replicaDnsMustMatchRunningReplicas() {
        new ReplicaDnsCheck().run(context());
        stack.running.put("mender-inventory", 2);
        assertThatThrownBy(() -> new ReplicaDnsCheck().run(context())).isInstanceOf(CheckFailure.class)
                .hasMessageContaining("mender-inventory declares 1 replica(s)")
                .hasMessageContaining("returns 1 address(es)")
                .satisfies(reasons("REPLICAS_NOT_RUNNING", "REPLICA_DNS_MISMATCH"));
    }
}
