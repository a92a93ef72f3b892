package dev.menderharness.junit;

import io.qameta.allure.Allure;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the report groups the live tests (Behaviors tab): epic = the area a suite tests (its JUnit
 * tag), feature = the check that ran, story = the Mender flow the check drives.
 */
final class ReportLabels {

    /** Area tag to the epic's name, in the order areas are listed. */
    static final Map<String, String> AREAS = Map.of(
            Tags.DNS, "DNS between services",
            Tags.GATEWAY, "Gateway: redirects and routing",
            Tags.STORAGE, "Artifact storage (S3)",
            Tags.SCALING, "Scaling",
            Tags.RECOVERY, "Failure recovery",
            Tags.CONTRACT, "Fixture images against the real ones",
            Tags.K3S, "k3s provider",
            Tags.SWARM, "DinD swarm provider",
            Tags.FAULTS, "Killed runs and hostile input");

    /** The Mender flow each check drives (by class simple name). */
    private static final Map<String, String> FLOWS = Map.ofEntries(
            Map.entry("DnsResolutionCheck", "services reach each other by name"),
            Map.entry("ReplicaDnsCheck", "a name lists every replica"),
            Map.entry("GatewayRedirectCheck", "a browser reaches the UI and logs in over HTTPS"),
            Map.entry("GatewayRoutingCheck", "user login, device authentication and acceptance, inventory"),
            Map.entry("UpstreamResilienceCheck", "the API while a backend is gone"),
            Map.entry("ArtifactStorageCheck", "artifact upload and download"),
            Map.entry("ArtifactPersistenceCheck", "artifacts survive a storage restart"),
            Map.entry("S3OutageHealthCheck", "deployments health follows storage"),
            Map.entry("ScaleOutCheck", "requests spread over the replicas"),
            Map.entry("KillReplicaCheck", "a crashed replica is replaced"),
            Map.entry("NodeLossCheck", "a lost node's replicas move"),
            Map.entry("MongoRestartCheck", "data and connections survive a MongoDB restart"),
            Map.entry("GatewayRestartCheck", "the gateway comes back with its routes"));

    private ReportLabels() {
    }

    /** Epic of a test from its tags (method first, then class); empty for an untagged test. */
    static Optional<String> epic(List<String> tags) {
        return tags.stream().filter(AREAS::containsKey).findFirst().map(AREAS::get);
    }

    static void labelTest(List<String> tags) {
        epic(tags).ifPresent(Allure::epic);
    }

    /**
     * The feature a check class names; none for a lambda or an anonymous class, whose generated name
     * ({@code CheckRunnerTest$$Lambda/0x...}) would be a Behaviors entry of its own per test.
     */
    static Optional<String> feature(Class<?> check) {
        String name = check.getSimpleName();
        if (name.isEmpty() || check.isSynthetic() || check.isHidden()) return Optional.empty();
        return Optional.of(HumanNames.words(name));
    }

    /** Feature and story of the check that runs now. */
    static void labelCheck(Class<?> check) {
        feature(check).ifPresent(feature -> {
            Allure.feature(feature);
            Optional.ofNullable(FLOWS.get(check.getSimpleName())).ifPresent(Allure::story);
        });
    }
}
