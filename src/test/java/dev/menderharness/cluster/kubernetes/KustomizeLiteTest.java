package dev.menderharness.cluster.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeLiteTest {

    static final Path MANIFESTS = Path.of("src/test/resources/k8s-manifests");

    @Test
    void hashesMatchKustomizeTestVectors() {
        // Vectors from kustomize's api/hasher/hasher_test.go (TestConfigMapHash, TestSecretHash); values
        // that are YAML numbers there (two: 2) are left out: generators only make strings.
        assertThat(KustomizeLite.configMapHash(Map.of(), Map.of())).isEqualTo("6ct58987ht");
        assertThat(KustomizeLite.configMapHash(Map.of("one", ""), Map.of())).isEqualTo("9g67k2htb6");
        assertThat(KustomizeLite.configMapHash(Map.of(), Map.of("one", ""))).isEqualTo("6mtk2m274t");
        assertThat(KustomizeLite.configMapHash(Map.of("one", ""), Map.of("two", ""))).isEqualTo("698h7c7t9m");
        assertThat(KustomizeLite.secretHash("my-type", Map.of())).isEqualTo("5gmgkf8578");
        assertThat(KustomizeLite.secretHash("my-type", Map.of("one", ""))).isEqualTo("74bd68bm66");
    }

    /** kustomize hashes an empty name (it looks up "metadata/name" as one field): the generator's name changes nothing. */
    @Test
    void theGeneratorsNameDoesNotEnterItsHash(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("kustomization.yaml"), """
                configMapGenerator:
                - name: any-name
                  literals:
                  - one=
                """);
        assertThat(KustomizeLite.build(tmp)).extracting(ManifestObject::name).containsExactly("any-name-9g67k2htb6");
    }

    @Test
    void generatesConfigMapsWithHashSuffixAndRewritesReferences() {
        List<ManifestObject> objects = KustomizeLite.build(MANIFESTS);
        ConfigMap gw = (ConfigMap) objects.stream().filter(o -> o.name().startsWith("mender-gateway-config")).findFirst().orElseThrow().object();
        assertThat(gw.getMetadata().getName()).matches("mender-gateway-config-[a-z0-9]{10}");
        assertThat(gw.getData()).containsKey("default.conf.template");
        assertThat(gw.getData().get("default.conf.template")).contains("return 301");
        assertThat(gw.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "mender");

        Deployment gateway = (Deployment) objects.stream().filter(o -> o.id().equals("Deployment/mender-api-gateway")).findFirst().orElseThrow().object();
        assertThat(gateway.getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName())
                .isEqualTo(gw.getMetadata().getName());
    }

    @Test
    void disabledHashKeepsTheNameAndReferences() {
        List<ManifestObject> objects = KustomizeLite.build(MANIFESTS);
        assertThat(objects).anyMatch(o -> o.id().equals("ConfigMap/useradm-settings"));
        Deployment useradm = (Deployment) objects.stream().filter(o -> o.id().equals("Deployment/mender-useradm")).findFirst().orElseThrow().object();
        assertThat(useradm.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1)
                .getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("useradm-settings");
    }

    @Test
    void hashChangesWithContent(@TempDir Path tmp) throws Exception {
        copy(MANIFESTS, tmp);
        String before = gatewayConfigName(tmp);
        Files.writeString(tmp.resolve("gateway/default.conf.template"), "server { listen 81; }\n");
        assertThat(gatewayConfigName(tmp)).isNotEqualTo(before).startsWith("mender-gateway-config-");
    }

    @Test
    void globalDisableNameSuffixHashApplies(@TempDir Path tmp) throws Exception {
        copy(MANIFESTS, tmp);
        Path k = tmp.resolve("kustomization.yaml");
        Files.writeString(k, Files.readString(k).replace("generatorOptions:", "generatorOptions:\n  disableNameSuffixHash: true"));
        assertThat(gatewayConfigName(tmp)).isEqualTo("mender-gateway-config");
    }

    @Test
    void unsupportedFieldIsRefusedInOneLineNamingFileAndLine(@TempDir Path tmp) throws Exception {
        copy(MANIFESTS, tmp);
        Path k = tmp.resolve("kustomization.yaml");
        Files.writeString(k, Files.readString(k) + "patches:\n  - path: x.yaml\n");
        assertThatThrownBy(() -> KustomizeLite.build(tmp)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("kustomization.yaml:19").hasMessageContaining("'patches'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingResourceNamesTheEntry(@TempDir Path tmp) throws Exception {
        copy(MANIFESTS, tmp);
        Files.delete(tmp.resolve("kubernetes/mongo.yaml"));
        assertThatThrownBy(() -> KustomizeLite.build(tmp)).hasMessageContaining("kubernetes/mongo.yaml does not exist")
                .hasMessageContaining("kustomization.yaml:6");
    }

    @Test
    void recordsSourceLineOfEveryDocument() {
        ManifestObject svc = KustomizeLite.build(MANIFESTS).stream().filter(o -> o.id().equals("Service/mender-mongo"))
                .findFirst().orElseThrow();
        assertThat(svc.source().file().toString()).endsWith("mongo.yaml");
        assertThat(svc.source().line()).isEqualTo(37); // the line after the "---" separator at 36
    }

    private static String gatewayConfigName(Path dir) {
        return KustomizeLite.build(dir).stream().map(ManifestObject::name).filter(n -> n.startsWith("mender-gateway-config"))
                .findFirst().orElseThrow();
    }

    static void copy(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(d);
                else Files.copy(p, d);
            }
        }
    }
}
