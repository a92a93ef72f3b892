package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** src/test/resources/compose/project: include, extends (file and same file), .env, an override file, Traefik. */
class ComposeProjectTest {
    static Path project() {
        try {
            return Path.of(ComposeProjectTest.class.getResource("/compose/project").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(SwarmService s, String key) {
        return s.env().stream().filter(v -> v.key().equals(key)).map(EnvVar::value).findFirst().orElse(null);
    }

    @Test
    void includeIsFollowedWithItsOwnEnvFile() {
        Manifests m = Manifests.load(project());
        SwarmService s3 = m.swarmRaw().service("s3").orElseThrow();
        assertThat(s3.command()).containsExactly("s3", "-port=8333");
        assertThat(s3.source().file()).isEqualTo(project().resolve("compose/storage.yml"));
        assertThat(m.swarmRaw().files()).contains(project().resolve("compose/storage.yml"), project().resolve("docker-compose.override.yml"));
    }

    @Test
    void variablesComeFromTheEnvironmentThenDotEnv() {
        SwarmService d = Manifests.load(project()).swarmRaw().service("deployments").orElseThrow();
        assertThat(d.image()).isEqualTo("docker.io/mendersoftware/deployments:v4.1.3");
        assertThat(env(d, "DEPLOYMENTS_AWS_AUTH_SECRET")).isEqualTo("notreallysecret");
        Manifests fromEnv = Manifests.load(project(), new LoadOptions(List.of(), List.of(), Map.of("MENDER_IMAGE_TAG", "v9.9.9")));
        assertThat(fromEnv.swarmRaw().service("deployments").orElseThrow().image()).endsWith(":v9.9.9");
    }

    @Test
    void extendsAndTheOverrideFileMergeAsComposeDoes() {
        SwarmStack s = Manifests.load(project()).swarmRaw();
        SwarmService d = s.service("deployments").orElseThrow();
        assertThat(d.command()).as("from common.yml's mender-go").containsExactly("server", "--automigrate");
        assertThat(env(d, "LOG_LEVEL")).as("the service's own value wins").isEqualTo("debug");
        assertThat(env(d, "DEPLOYMENTS_PRESIGN_SECRET")).as("from docker-compose.override.yml").isEqualTo("aW5zZWN1cmUgc2VjcmV0");
        assertThat(d.replicas()).isEqualTo(2);
        assertThat(d.env()).anySatisfy(v -> {
            assertThat(v.key()).isEqualTo("DEPLOYMENTS_PRESIGN_SECRET");
            assertThat(v.source().file()).as("the value's own file").isEqualTo(project().resolve("docker-compose.override.yml"));
        });
        SwarmService worker = s.service("workflows-worker").orElseThrow();
        assertThat(worker.command()).containsExactly("worker");
        assertThat(env(worker, "WORKFLOWS_NATS_URI")).as("extended from workflows in the same file").isEqualTo("nats://nats");
        assertThat(env(worker, "PRICE")).isEqualTo("$5");
    }

    @Test
    void envFilesJoinTheEnvironmentAtTheirOwnLines() {
        SwarmService worker = Manifests.load(project()).swarmRaw().service("workflows-worker").orElseThrow();
        EnvVar v = worker.env().stream().filter(e -> e.key().equals("WORKFLOWS_CONCURRENCY")).findFirst().orElseThrow();
        assertThat(v.value()).isEqualTo("10");
        assertThat(v.source()).isEqualTo(new SourceRef(project().resolve("compose/workflows.env"), 2));
        assertThat(env(worker, "WORKFLOWS_NATS_URI")).as("the service's environment is kept").isEqualTo("nats://nats");
    }

    @Test
    void traefikRoutersComeFromLabelsAndTheFileProvider() {
        Manifests m = Manifests.load(project());
        assertThat(m.hasTraefik()).isTrue();
        assertThat(m.traefik().routers()).containsKeys("deploymentsdev@docker", "deviceauthmgmt@docker", "s3@docker");
        assertThat(m.traefik().middlewares()).containsKeys("devauth@file", "mgmtStack@file");
        assertThat(m.traefik().services().get("s3@docker").servers()).singleElement()
                .satisfies(srv -> assertThat(srv.port()).isEqualTo(8333));
        assertThat(m.traefik().entrypoints()).containsEntry("websecure", 443);
        assertThat(m.traefik().redirections()).singleElement().satisfies(r -> assertThat(r.to()).isEqualTo("websecure"));
    }

    /** COMPOSE_FILE lists the files docker compose -f a -f b merges, in order (here: the override file left out). */
    @Test
    void composeFileVariableChoosesTheFilesInOrder(@TempDir Path tmp) throws IOException {
        Path p = HelmChartTest.copy(project(), tmp.resolve("p"));
        Files.writeString(p.resolve("extra.yml"), "services:\n  deployments:\n    environment:\n      LOG_LEVEL: warn\n");
        Manifests m = Manifests.load(p, new LoadOptions(List.of(), List.of(), Map.of("COMPOSE_FILE", "docker-compose.yml:extra.yml")));
        SwarmService d = m.swarmRaw().service("deployments").orElseThrow();
        assertThat(env(d, "LOG_LEVEL")).isEqualTo("warn");
        assertThat(env(d, "DEPLOYMENTS_PRESIGN_SECRET")).as("the override file is not in COMPOSE_FILE").isNull();
        assertThat(m.swarmRaw().files()).contains(p.resolve("extra.yml")).doesNotContain(p.resolve("docker-compose.override.yml"));
    }

    @Test
    void composeFilesTheProjectDoesNotIncludeAreNoted(@TempDir Path tmp) throws IOException {
        Path p = HelmChartTest.copy(project(), tmp.resolve("p"));
        Files.writeString(p.resolve("compose/enterprise.yml"), "services:\n  tenantadm:\n    image: registry.example.com/tenantadm:1\n");
        Manifests m = Manifests.load(p);
        assertThat(m.swarmRaw().service("tenantadm")).isEmpty();
        assertThat(m.notes()).anySatisfy(n -> assertThat(n).contains("compose/enterprise.yml: Compose file not part of the project"));
    }

    @Test
    void brokenProjectsAreUnreadableWithFileAndLine(@TempDir Path tmp) throws IOException {
        Path p = HelmChartTest.copy(project(), tmp.resolve("p"));
        Files.writeString(p.resolve(".env"), "MENDER_IMAGE_TAG=v4.1.3\n");
        assertThatThrownBy(() -> Manifests.load(p)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("S3_SECRET_KEY must be set")
                .satisfies(e -> assertThat(((ManifestException) e).oneLine()).contains("docker-compose.yml:"));
        Files.writeString(p.resolve(".env"), "S3_SECRET_KEY=x\n");
        Files.writeString(p.resolve("docker-compose.yml"), Files.readString(p.resolve("docker-compose.yml"))
                .replace("compose/storage.yml", "compose/missing.yml"));
        assertThatThrownBy(() -> Manifests.load(p)).isInstanceOf(ManifestException.class).hasMessageContaining("missing.yml does not exist");
    }
}
