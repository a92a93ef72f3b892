package dev.menderharness.validate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.validate.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressReferenceRuleTest {
    private final AddressReferenceRule rule = new AddressReferenceRule();

    @Test
    void violationsKubernetesAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad-kubernetes");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(x.message()).contains("env DEPLOYMENTS_AWS_URI=http://minio-s3.default.svc.cluster.local:9000: no Kubernetes Service named 'minio-s3'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(x.message()).contains("Service mender-inventory exposes no port 8081");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("address-reference"));
    }

    @Test
    void violationsSwarmAreReportedWithObjectAndLine() {
        List<Finding> f = RuleTesting.findings(rule, "bad-swarm");
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-workflows-worker");
            assertThat(x.message()).contains("env DEPLOYMENTS_ADDR=mender-deployments:8080: 'mender-deployments' is mender-deployments on network front, which mender-workflows-worker does not join");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-workflows-worker");
            assertThat(x.message()).contains("code default of unset INVENTORY_ADDR (mender-inventory:8080): no service or network alias named 'mender-inventory'");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).anySatisfy(x -> {
            assertThat(x.resource()).isEqualTo("mender-api-gateway");
            assertThat(x.message()).contains("gateway location /api/management/v1/deployments proxies to mender-deployment:8080: no service or network alias");
            assertThat(x.line()).isPositive();
        });
        assertThat(f).allSatisfy(x -> assertThat(x.rule()).isEqualTo("address-reference"));
    }

    @Test
    void cleanKubernetesManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good-kubernetes")).isEmpty();
    }

    @Test
    void cleanSwarmManifestHasNoFinding() {
        assertThat(RuleTesting.findings(rule, "good-swarm")).isEmpty();
    }

}
