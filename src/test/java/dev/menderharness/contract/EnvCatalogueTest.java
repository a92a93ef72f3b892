package dev.menderharness.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue answers the claims as the v4.1.3 code does (research of mender-server at 0b64da55). */
class EnvCatalogueTest {
    private final EnvCatalogue cat = EnvCatalogue.get();

    @Test
    void statesItsReleaseAndCommit() {
        assertThat(cat.version()).isEqualTo("v4.1.3");
        assertThat(cat.commit()).startsWith("0b64da55");
    }

    @Test
    void keysV413DoesNotReadAreNotCatalogued() {
        assertThat(cat.keys("deployments")).doesNotContainKey("DEPLOYMENTS_AWS_LITERAL_BUCKET_URI");
        assertThat(cat.keys("deviceauth")).doesNotContainKey("DEVICEAUTH_LEGACY_PROVISION_DEVICE");
        assertThat(cat.keys("workflows")).doesNotContainKey("WORKFLOWS_ALLOWED_BINARIES");
        assertThat(cat.keys("inventory")).doesNotContainKey("INVENTORY_REDIS_CONNECTION_STRING");
        assertThat(cat.keys("useradm")).doesNotContainKeys("USERADM_TOTP_ISSUER", "USERADM_BASE_URL", "USERADM_PROXY_COUNT");
    }

    @Test
    void keysV413ReadsAreCatalogued() {
        assertThat(cat.keys("deployments")).containsKeys("DEPLOYMENTS_REPORTING_ADDR", "DEPLOYMENTS_PRESIGN_SECRET", "STORAGE_BACKEND_CERT");
        assertThat(cat.keys("deviceauth")).containsKeys("DEVICEAUTH_ENABLE_REPORTING", "DEVICEAUTH_RATE_LIMITS_AUTH_ENABLE");
        assertThat(cat.keys("inventory")).containsKeys("INVENTORY_ENABLE_REPORTING", "INVENTORY_DEVICEMONITOR_ADDR");
        assertThat(cat.keys("deviceconnect")).containsKey("DEVICECONNECT_WORKFLOWS_URL");
        assertThat(cat.keys("iot-manager")).containsKeys("IOT_MANAGER_DEVICEAUTH_URL").doesNotContainKey("IOT_MANAGER_DEVICEAUTH_ADDR");
        assertThat(cat.keys("workflows-worker")).containsKeys("DEPLOYMENTS_ADDR", "HAVE_DEVICECONNECT");
        assertThat(cat.keys("gui")).containsKeys("HAVE_DEVICECONFIG");
        assertThat(cat.shared()).containsKeys("LOG_LEVEL", "GIN_MODE");
        assertThat(cat.keys("inventory").get("INVENTORY_DEVICEMONITOR_ADDR").enterprise()).isTrue();
        assertThat(cat.keys("deployments").get("DEPLOYMENTS_MONGO_URL").defaultValue()).isEqualTo("mongodb://mongo-deployments:27017");
    }

    @Test
    void everyServiceTheChartAndComposeRunIsCovered() {
        for (String s : List.of("deployments", "deviceauth", "useradm", "inventory", "workflows", "workflows-worker",
                "create-artifact-worker", "deviceconfig", "deviceconnect", "iot-manager", "gui")) {
            assertThat(cat.keys(s)).as(s).isNotEmpty();
        }
    }

    @Test
    void theOfficialArtefactsIgnoredKeysAndEnterpriseKeysAreKnown() {
        assertThat(cat.ignoredByRelease("USERADM_TOTP_ISSUER")).hasValueSatisfying(w -> assertThat(w).contains("Helm chart"));
        assertThat(cat.ignoredByRelease("DEVICECONNECT_NATS_URL")).hasValueSatisfying(w -> assertThat(w).contains("docker-compose.yml"));
        assertThat(cat.enterpriseOnly("USERADM_TENANTADM_ADDR")).isTrue();
        assertThat(cat.declaredNotRead("deployments", "DEPLOYMENTS_MIDDLEWARE")).isPresent();
    }

    @Test
    void contractsReadTheirKeysFromTheCatalogue() {
        ComponentContract worker = MenderContract.forService("mendersoftware/workflows:v4.1.3", List.of("worker")).orElseThrow();
        assertThat(worker.envKeys()).contains("WORKFLOWS_NATS_URI", "INVENTORY_ADDR", "LOG_LEVEL");
        ComponentContract server = MenderContract.forService("mendersoftware/workflows:v4.1.3", List.of("server")).orElseThrow();
        assertThat(server.envKeys()).contains("WORKFLOWS_NATS_URI").doesNotContain("INVENTORY_ADDR");
        assertThat(MenderContract.of(MenderComponent.GUI).orElseThrow().envKeys()).contains("HAVE_DEVICECONNECT").doesNotContain("LOG_LEVEL");
        ComponentContract.Conditional have = MenderContract.WORKER_CONDITIONAL.get(0);
        assertThat(have.enabledBy("1")).as("any non-empty value enables the worker's HAVE_* tasks").isTrue();
        assertThat(have.enabledBy("")).isFalse();
    }
}
