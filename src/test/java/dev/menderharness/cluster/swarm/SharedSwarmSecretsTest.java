package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a user's swarm (docker-host) a run's external secrets get per-stack names, with the right material. */
class SharedSwarmSecretsTest {

    private static final String STACK = """
            services:
              gw:
                image: nginx:1.28.0
                secrets: [mender-gateway-tls-crt, mine]
            secrets:
              mender-gateway-tls-crt:
                external: true
              mine:
                external: true
                name: users-own-name
              from-file:
                file: ./x.pem
            """;

    @Test
    void externalSecretsWithoutANameGetTheStackPrefixOthersStayAsWritten() {
        StackFile stack = StackFile.parse(Path.of("stack.yml"), STACK);
        var lines = StackAdaptations.nameExternalSecretsPerStack(stack, "mender-r1");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> secrets = (Map<String, Map<String, Object>>) stack.root().get("secrets");
        assertThat(secrets.get("mender-gateway-tls-crt")).containsEntry("name", "mender-r1_mender-gateway-tls-crt");
        assertThat(secrets.get("mine")).containsEntry("name", "users-own-name");
        assertThat(secrets.get("from-file")).doesNotContainKey("name");
        assertThat(lines).hasSize(1).first().asString().contains("mender-r1_mender-gateway-tls-crt");
    }

    @Test
    void renamedSecretsStillGetTheMaterialOfTheirKey() {
        StackFile stack = StackFile.parse(Path.of("stack.yml"), """
                services: {}
                secrets:
                  mender-gateway-tls-crt:
                    external: true
                """);
        StackAdaptations.nameExternalSecretsPerStack(stack, "mender-r1");
        Map<String, byte[]> material = DeployTimeMaterial.forStack(stack, dev.menderharness.stack.DeploySecrets::generate);
        assertThat(material).containsOnlyKeys("mender-r1_mender-gateway-tls-crt");
        assertThat(new String(material.get("mender-r1_mender-gateway-tls-crt"))).contains("BEGIN CERTIFICATE");
    }

    @Test
    void theGatewayIsRepublishedOnTheRunsPortsInBothPortSyntaxes() {
        StackFile stack = StackFile.parse(Path.of("stack.yml"), """
                services:
                  gw:
                    image: nginx:1.28.0
                    ports:
                      - "80:80"
                      - target: 443
                        published: 443
                        mode: host
                  other:
                    image: mongo:8.0.28
                    ports: ["443:443"]
                """);
        var lines = StackAdaptations.republishGateway(stack, "gw", Map.of(80, 20080, 443, 20443));
        assertThat(stack.services().get("gw").get("ports").toString()).contains("20080:80").contains("published=20443");
        assertThat(stack.services().get("other").get("ports").toString()).contains("443:443").doesNotContain("20443");
        assertThat(lines).hasSize(2);
        assertThat(StackAdaptations.republishGateway(stack, "gw", Map.of())).isEmpty();
    }
}
