package dev.menderharness.checks.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicaSpreadTest {

    private static final String PATH = "/api/management/v1/deployments/artifacts";

    @Test
    void countsSwarmTaskPrefixesOnLinesOfTheRoute() {
        String logs = String.join("\n",
                "mender_mender-deployments.1.abc123def@worker-1    | time=1 method=GET path=" + PATH + " status=200",
                "mender_mender-deployments.2.0f9e8d7c@worker-2    | time=2 method=GET path=" + PATH + " status=200",
                "mender_mender-deployments.2.0f9e8d7c@worker-2    | time=3 method=GET path=" + PATH + " status=200",
                "mender_mender-deployments.3.77aa@manager    | time=4 method=GET path=/api/internal/v1/deployments/health status=204");
        assertThat(ReplicaSpread.fromLogs(logs, PATH))
                .containsExactly("mender_mender-deployments.1.abc123def", "mender_mender-deployments.2.0f9e8d7c");
    }

    @Test
    void countsPodPrefixes() {
        String logs = "[mender-deployments-7d9f-abcde] GET " + PATH + "\n[mender-deployments-7d9f-fghij] GET " + PATH;
        assertThat(ReplicaSpread.fromLogs(logs, PATH)).hasSize(2);
    }

    @Test
    void unprefixedLogsTellNothing() {
        assertThat(ReplicaSpread.fromLogs("GET " + PATH + "\nGET " + PATH, PATH)).isEmpty();
        assertThat(ReplicaSpread.fromLogs(null, PATH)).isEmpty();
    }
}
