package dev.menderharness.checks.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replica spread from Mender's access log, on log text as the providers return it: Swarm's
 * {@code docker service logs} task prefixes and the Kubernetes provider's pod headers, with Mender's
 * logrus text lines (and the JSON format). Inventory logs the route it served, not the path the
 * client sent (the gateway rewrites /api/management/v1/inventory/ to /api/0.1.0/): only the request id counts.
 */
class ReplicaSpreadTest {

    private static final String A = "harness-spread-0b6e8c0e-4a39-4a5e-9d7b-0d8f3f7c9a11";
    private static final String B = "harness-spread-5d2c1f00-1111-4a5e-9d7b-0d8f3f7c9a22";
    private static final String C = "harness-spread-77aa0000-2222-4a5e-9d7b-0d8f3f7c9a33";

    private static String mender(String id, String path) {
        return "time=\"2026-08-01T10:00:00Z\" level=info byteswritten=2 caller=\"accesslog.AccessLogger.LogFunc@middleware_gin.go:136\" "
                + "contentlength=0 method=GET path=" + path + " path_params= qs=\"page=1&per_page=20\" request_id=" + id
                + " responsetime=\"412.5µs\" status=200 ts=\"2026-08-01T10:00:00.123Z\" type=HTTP/1.1 user_id=5f0c useragent=Java-http-client/17";
    }

    @Test
    void swarmTaskPrefixesOfTheLinesWithTheRequestIds() {
        String logs = String.join("\n",
                "mender_mender-inventory.1.x4kqh7r0b5y2m3n4p5q6r7s8t@node-1    | " + mender(A, "/api/0.1.0/devices"),
                "mender_mender-inventory.2.a1b2c3d4e5f6g7h8i9j0k1l2m@node-2    | " + mender(B, "/api/0.1.0/devices"),
                "mender_mender-inventory.2.a1b2c3d4e5f6g7h8i9j0k1l2m@node-2    | " + mender("other-request", "/api/0.1.0/devices"),
                "mender_mender-inventory.3.zz9y8x7w6v5u4t3s2r1q0p9o8@node-3    | time=\"2026-08-01T10:00:01Z\" level=info msg=\"listening\"");
        ReplicaSpread s = ReplicaSpread.of(logs, List.of(A, B, C));
        assertThat(s.replicas()).containsExactly("mender_mender-inventory.1.x4kqh7r0b5y2m3n4p5q6r7s8t",
                "mender_mender-inventory.2.a1b2c3d4e5f6g7h8i9j0k1l2m");
        assertThat(s.found()).isEqualTo(2);
        assertThat(s.sent()).isEqualTo(3);
        assertThat(s.complete()).isFalse();
        assertThat(s.describe()).contains("2 replica(s)", "2 of 3 requests in the log");
    }

    @Test
    void kubernetesPodHeadersNameTheReplicaOfTheLinesBelowThem() {
        String logs = String.join("\n",
                "==> mender-deployments-7d9f8c6b5-abcde/deployments (previous) <==",
                mender(C, "/api/management/v1/deployments/artifacts"),
                "==> mender-deployments-7d9f8c6b5-abcde/deployments <==",
                mender(A, "/api/management/v1/deployments/artifacts"),
                "==> mender-deployments-7d9f8c6b5-fghij/deployments <==",
                "{\"byteswritten\":2,\"level\":\"info\",\"method\":\"GET\",\"msg\":\"\",\"path\":\"/api/management/v1/deployments/artifacts\","
                        + "\"request_id\":\"" + B + "\",\"status\":200}",
                "==> mender-deployments-7d9f8c6b5-klmno/deployments <==",
                "time=\"2026-08-01T10:00:00Z\" level=info msg=\"starting\"");
        ReplicaSpread s = ReplicaSpread.of(logs, List.of(A, B, C));
        assertThat(s.perReplica()).containsEntry("mender-deployments-7d9f8c6b5-abcde", 2)
                .containsEntry("mender-deployments-7d9f8c6b5-fghij", 1).hasSize(2);
        assertThat(s.complete()).isTrue();
    }

    @Test
    void requestsFoundOnlyInUnprefixedLinesPlaceNoReplica() {
        ReplicaSpread s = ReplicaSpread.of(mender(A, "/x") + "\n" + mender(B, "/x"), List.of(A, B));
        assertThat(s.replicas()).isEmpty();
        assertThat(s.found()).isEqualTo(2);
        assertThat(s.unplaced()).isEqualTo(2);
        assertThat(ReplicaSpread.of((String) null, List.of(A)).found()).isZero();
    }

    @Test
    void theGatewaysAuthSubrequestIsNotAnAnswer() {
        String logs = "mender_mender-useradm.1.aaaa@node-1    | " + mender(A, "/api/internal/v1/useradm/auth/verify") + "\n"
                + "mender_mender-useradm.2.bbbb@node-2    | " + mender(A, "/api/management/v1/useradm/users");
        assertThat(ReplicaSpread.of(logs, List.of(A)).replicas()).containsExactly("mender_mender-useradm.2.bbbb");
    }

    @Test
    void theStandInHeaderIsNeverRead() {
        // Lines without request ids (the stand-ins' old "METHOD PATH STATUS" lines) tell nothing, whatever else they carry.
        String logs = "mender_mender-inventory.1.aaaa@node-1    | 2026-08-01T10:00:00Z level=info component=inventory msg=\"GET /api/0.1.0/devices 200\" X-Standin-Instance=abc";
        assertThat(ReplicaSpread.of(logs, List.of(A)).found()).isZero();
    }

    @Test
    void eachReplicasOwnLogNamesItsLines() {
        // RunningStack.replicaLogs: one entry per running replica, read from the replica itself
        ReplicaSpread s = ReplicaSpread.of(java.util.Map.of(
                "mender_mender-inventory.1.aaaa", mender(A, "/api/0.1.0/devices") + "\n" + mender(C, "/api/0.1.0/devices"),
                "mender_mender-inventory.2.bbbb", mender(B, "/api/0.1.0/devices")), List.of(A, B, C));
        assertThat(s.perReplica()).containsEntry("mender_mender-inventory.1.aaaa", 2).containsEntry("mender_mender-inventory.2.bbbb", 1);
        assertThat(s.unplaced()).isZero();
    }
}
