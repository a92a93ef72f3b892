package dev.menderharness.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.SecretMasker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    private static ServiceSpec svc(String name, String image, Map<String, String> env) {
        return new ServiceSpec(name, name, image, env, List.of(), Set.of(), Set.of("mender"), 1,
                new SourceRef(Path.of("swarm/stack.yml"), 10));
    }

    private static Topology topology(Map<String, String> deploymentsEnv, Map<String, String> minioEnv) {
        Map<String, ServiceSpec> s = new HashMap<>();
        s.put("dep", svc("dep", "mendersoftware/deployments:v4.1.3", deploymentsEnv));
        s.put("s3", svc("s3", "minio/minio:RELEASE.2025-04-22T22-12-26Z", minioEnv));
        return new Topology(Topology.Form.SWARM, Path.of("manifests"), s);
    }

    @Test
    void readsTheWiringByRoleAndMasksKeys() {
        S3Settings s = S3Settings.from(topology(Map.of(
                "DEPLOYMENTS_AWS_URI", "http://minio:9000",
                "DEPLOYMENTS_AWS_EXTERNAL_URI", "https://s3.docker.mender.io",
                "DEPLOYMENTS_AWS_AUTH_KEY", "key-abcdef",
                "DEPLOYMENTS_AWS_AUTH_SECRET", "secret-123456"), Map.of()));
        assertThat(s.bucket()).isEqualTo("mender-artifact-storage");
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.internalObjectUrl("id1")).isEqualTo("http://minio:9000/mender-artifact-storage/id1");
        assertThat(s.externalUri().toString()).isEqualTo("https://s3.docker.mender.io");
        assertThat(s.deployments().name()).isEqualTo("dep");
        assertThat(s.storage().name()).isEqualTo("s3");
        assertThat(s.toString()).doesNotContain("secret-123456").doesNotContain("key-abcdef");
        assertThat(SecretMasker.mask("k=key-abcdef s=secret-123456")).isEqualTo("k=key-abcdef s=****");
    }

    @Test
    void deprecatedBucketAliasWinsAndProxyUriReplacesExternal() {
        S3Settings s = S3Settings.from(topology(Map.of(
                "DEPLOYMENTS_AWS_URI", "http://minio:9000/",
                "DEPLOYMENTS_STORAGE_BUCKET", "a", "DEPLOYMENTS_AWS_BUCKET", "b",
                "DEPLOYMENTS_AWS_EXTERNAL_URI", "https://ignored",
                "DEPLOYMENTS_STORAGE_PROXY_URI", "mender-api-gateway"),
                Map.of("MINIO_ROOT_USER", "rootuser", "MINIO_ROOT_PASSWORD", "rootpassword")));
        assertThat(s.bucket()).isEqualTo("b");
        assertThat(s.externalUri().toString()).isEqualTo("https://mender-api-gateway");
        assertThat(s.accessKey()).isEqualTo("rootuser");
        assertThat(s.internalObjectUrl("k")).isEqualTo("http://minio:9000/b/k");
    }

    @Test
    void missingInternalUriNamesFileAndService() {
        assertThatThrownBy(() -> S3Settings.from(topology(Map.of("DEPLOYMENTS_AWS_AUTH_KEY", "k1234", "DEPLOYMENTS_AWS_AUTH_SECRET", "s1234"), Map.of())))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("swarm/stack.yml:10").hasMessageContaining("DEPLOYMENTS_AWS_URI");
    }

    @Test
    void shellQuotingSurvivesQuotes() {
        assertThat(DirectS3.q("a'b")).isEqualTo("'a'\"'\"'b'");
    }
}
