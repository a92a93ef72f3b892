package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test chart src/test/resources/helm/mini: Mender-like, MongoDB as a pre-install hook, a test hook, a vendored subchart. */
class HelmChartTest {
    static Path mini() {
        try {
            return Path.of(HelmChartTest.class.getResource("/helm/mini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void rendersHooksAndSubchartsButNotTestHooks() {
        Manifests m = Manifests.load(mini());
        KubernetesManifests k = m.kubernetesRaw();
        assertThat(k.service("mender-mongodb")).as("pre-install hook Service").isPresent();
        assertThat(k.workload("mender-mongodb")).as("pre-install hook Deployment").isPresent();
        assertThat(k.service("mender-cache")).as("vendored subchart in charts/").isPresent();
        assertThat(k.objects()).noneSatisfy(o -> assertThat(o.name()).isEqualTo("mini-test-connection"));
        assertThat(m.charts()).singleElement().satisfies(c -> assertThat(c.testHooks()).isEqualTo(1));
        assertThat(m.notes()).anySatisfy(n -> assertThat(n).contains("helm test hook"));
        assertThat(HelmChart.hooks(k.workload("mender-mongodb").orElseThrow().object().root())).containsExactly("pre-install");
        assertThat(HelmChart.hookWeight(k.workload("mender-mongodb").orElseThrow().object().root())).isEqualTo(-100);
    }

    @Test
    void positionsPointAtTheTemplateLineThatWritesTheValue() throws IOException {
        Manifests m = Manifests.load(mini());
        EnvVar middleware = m.kubernetesRaw().workload("mender-deployments").orElseThrow().main().env().stream()
                .filter(v -> v.key().equals("DEPLOYMENTS_MIDDLEWARE")).findFirst().orElseThrow();
        Path template = mini().resolve("templates/deployments.yaml");
        assertThat(middleware.source().file()).isEqualTo(template);
        assertThat(Files.readAllLines(template).get(middleware.source().line() - 1)).contains("name: DEPLOYMENTS_MIDDLEWARE");
        // envFrom: the key's line in the Secret's template
        EnvVar mongo = m.kubernetesRaw().workload("mender-deployments").orElseThrow().main().env().stream()
                .filter(v -> v.key().equals("DEPLOYMENTS_MONGO_URL")).findFirst().orElseThrow();
        assertThat(mongo.source().file()).isEqualTo(mini().resolve("templates/secrets.yaml"));
        assertThat(mongo.value()).isEqualTo("mongodb://root:mongopassword1@mender-mongodb:27017");
        assertThat(mongo.origin()).isEqualTo("envFrom:secret/mongodb-common");
    }

    @Test
    void valuesFilesAndSetPairsApplyInHelmsOrder(@TempDir Path tmp) throws IOException {
        Path values = Files.writeString(tmp.resolve("values.yaml"), "deployments:\n  replicas: 2\n");
        Manifests m = Manifests.load(mini(), new LoadOptions(List.of(values), List.of("deployments.replicas=5", "cache.enabled=false"),
                java.util.Map.of()));
        assertThat(m.kubernetesRaw().workload("mender-deployments").orElseThrow().replicas()).isEqualTo(5);
        assertThat(m.kubernetesRaw().service("mender-cache")).isEmpty();
        Manifests fromFile = Manifests.load(mini(), new LoadOptions(List.of(values), List.of(), java.util.Map.of()));
        assertThat(fromFile.kubernetesRaw().workload("mender-deployments").orElseThrow().replicas()).isEqualTo(2);
    }

    @Test
    void aPackedSubchartIsRenderedToo(@TempDir Path tmp) throws IOException {
        Path chart = copy(mini(), tmp.resolve("mini"));
        Path sub = chart.resolve("charts/cache");
        try (OutputStream out = Files.newOutputStream(chart.resolve("charts/cache-0.1.0.tgz"));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out));
             Stream<Path> files = Files.walk(sub)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                TarArchiveEntry e = new TarArchiveEntry(p.toFile(), "cache/" + sub.relativize(p));
                tar.putArchiveEntry(e);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
        }
        deleteTree(sub);
        Manifests m = Manifests.load(chart);
        assertThat(m.kubernetesRaw().service("mender-cache")).isPresent();
        assertThat(m.kubernetesRaw().service("mender-cache").orElseThrow().object().source().file())
                .isEqualTo(chart.resolve("charts/cache-0.1.0.tgz"));
    }

    @Test
    void aChartThatFailsToRenderIsUnreadableInput(@TempDir Path tmp) throws IOException {
        Path chart = copy(mini(), tmp.resolve("mini"));
        Files.writeString(chart.resolve("templates/broken.yaml"), "kind: {{ .Values.nothing.here }\n");
        assertThatThrownBy(() -> Manifests.load(chart)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("helm template failed");
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return to;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
