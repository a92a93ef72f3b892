package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.AddressExtractor.HostPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressExtractorTest {

    @Test
    void urlsOfEveryScheme() {
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_AWS_URI", "http://minio:9000"))
                .containsExactly(new HostPort("minio", 9000));
        assertThat(AddressExtractor.fromEnv("DEVICEAUTH_INVENTORY_ADDR", "http://mender-inventory:8080/"))
                .containsExactly(new HostPort("mender-inventory", 8080));
        assertThat(AddressExtractor.fromEnv("WORKFLOWS_NATS_URI", "nats://mender-nats:4222"))
                .containsExactly(new HostPort("mender-nats", 4222));
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_AWS_EXTERNAL_URI", "https://s3.docker.mender.io"))
                .containsExactly(new HostPort("s3.docker.mender.io", 443));
    }

    @Test
    void mongoUrlsWithCredentialsAndSeveralHosts() {
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_MONGO_URL", "mongodb://root:secret@mongo-a:27017,mongo-b/deployment_service?replicaSet=rs0"))
                .containsExactly(new HostPort("mongo-a", 27017), new HostPort("mongo-b", 27017));
    }

    @Test
    void bareHostsOnlyForAddressKeys() {
        assertThat(AddressExtractor.fromEnv("DEVICEAUTH_MONGO", "mongo-device-auth"))
                .containsExactly(new HostPort("mongo-device-auth", -1));
        assertThat(AddressExtractor.fromEnv("INVENTORY_MONGO", "mongo-inventory:27017"))
                .containsExactly(new HostPort("mongo-inventory", 27017));
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_ADDR", "mender-deployments:8080"))
                .containsExactly(new HostPort("mender-deployments", 8080));
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_AWS_BUCKET", "mender-artifact-storage")).isEmpty();
        assertThat(AddressExtractor.fromEnv("USERADM_JWT_ISSUER", "mender.useradm")).isEmpty();
        assertThat(AddressExtractor.fromEnv("DEPLOYMENTS_AWS_REGION", "us-east-1")).isEmpty();
    }

    @Test
    void loopbackIpsAndTemplatesAreNotClusterNames() {
        assertThat(AddressExtractor.fromEnv("MENDER_EXTERNAL_URL", "https://localhost:49321")).isEmpty();
        assertThat(AddressExtractor.fromEnv("X_URL", "http://10.0.0.7:80")).isEmpty();
        assertThat(AddressExtractor.fromEnv("X_URL", "http://[::1]:80")).isEmpty();
        assertThat(AddressExtractor.fromEnv("X_URL", "http://${HOST}:80")).isEmpty();
        assertThat(AddressExtractor.fromEnv("X_ADDR", "$(POD_IP):80")).isEmpty();
        assertThat(AddressExtractor.fromEnv("X_ADDR", "")).isEmpty();
        assertThat(AddressExtractor.fromEnv("WORKFLOWS_SMTP_HOST", "localhost:25")).isEmpty();
    }

    @Test
    void nginxUpstreamsFromMapsLiteralProxyPassAndUpstreamBlocks() {
        String conf = String.join("\n",
                "resolver ${NGINX_LOCAL_RESOLVERS} valid=5s;",
                "map $host $deviceauth_upstream  { default mender-device-auth${MENDER_UPSTREAM_DOMAIN}:8080; }",
                "map \"${MENDER_EXTERNAL_URL}\" $redirect_base {",
                "    \"\"                     https://$host;",
                "    \"~^(?<ext_base>.+?)/*$\" $ext_base;",
                "}",
                "map $request_method $keep { GET 0; default 1; }",
                "upstream gui { server mender-gui:8090 max_fails=0; }",
                "# proxy_pass http://commented-out:1;",
                "server { location / { proxy_pass http://$deviceauth_upstream/api/internal/v1/devauth/tokens/verify; }",
                "  location /inv { proxy_pass http://mender-inventory:8080; }",
                "  location /s { set $s3 \"minio:9000\"; proxy_pass http://$s3; } }");
        assertThat(NginxUpstreams.parse(conf, Map.of("MENDER_UPSTREAM_DOMAIN", "", "MENDER_EXTERNAL_URL", "https://localhost:4431")))
                .containsExactlyInAnyOrder(new HostPort("mender-device-auth", 8080), new HostPort("mender-inventory", 8080),
                        new HostPort("mender-gui", 8090), new HostPort("minio", 9000));
        assertThat(NginxUpstreams.parse(conf, Map.of("MENDER_UPSTREAM_DOMAIN", ".mender.svc.cluster.local")))
                .contains(new HostPort("mender-device-auth.mender.svc.cluster.local", 8080));
        assertThat(NginxUpstreams.parse(conf, Map.of("MENDER_UPSTREAM_DOMAIN", ".$(POD_NAMESPACE).svc.cluster.local")))
                .contains(new HostPort("mender-device-auth", 8080));
    }
}
