package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the walk of a manifests directory reads, follows, notes and refuses. */
class ManifestsWalkTest {
    private static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n";

    @Test
    void aSymlinkedRootIsFollowedAndNamedAsGiven(@TempDir Path tmp) throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Files.writeString(real.resolve("cm.yaml"), CM.formatted("a"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Manifests m = Manifests.load(link);
        assertThat(m.kubernetesRaw().objects()).extracting(K8sObject::name).containsExactly("a");
        assertThat(m.kubernetesRaw().objects().get(0).source().file()).isEqualTo(link.resolve("cm.yaml"));
    }

    @Test
    void aChartGivenAsASymlinkIsRenderedFromWhereItIs(@TempDir Path tmp) throws Exception {
        Path mini = Path.of(ManifestsWalkTest.class.getResource("/helm/mini").toURI());
        Path link = Files.createSymbolicLink(tmp.resolve("chart"), mini);
        Manifests viaLink = Manifests.load(link);
        assertThat(viaLink.charts()).hasSize(1);
        assertThat(viaLink.kubernetesRaw().objects()).hasSameSizeAs(Manifests.load(mini).kubernetesRaw().objects()).isNotEmpty();
    }

    @Test
    void linksInsideAreReadOrNotedAndDanglingOnesNoted(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("base"));
        Files.writeString(tmp.resolve("base/cm.yaml"), CM.formatted("a"));
        Files.createSymbolicLink(tmp.resolve("alias.yaml"), tmp.resolve("base/cm.yaml"));
        Files.createSymbolicLink(tmp.resolve("again"), tmp.resolve("base"));
        Files.createSymbolicLink(tmp.resolve("gone.yaml"), tmp.resolve("missing.yaml"));
        Files.createSymbolicLink(tmp.resolve("loop.yaml"), tmp.resolve("loop.yaml"));
        Manifests m = Manifests.load(tmp);
        assertThat(m.notes()).contains("again: symbolic link to the directory base of the manifests; not followed (its files are read where they are)",
                "gone.yaml: symbolic link to a file that does not exist; skipped");
        assertThat(m.notes()).anyMatch(n -> n.startsWith("loop.yaml: symbolic link that does not resolve"));
        assertThat(m.kubernetesRaw().files()).containsExactlyInAnyOrder(tmp.resolve("alias.yaml"), tmp.resolve("base/cm.yaml"));
    }

    @Test
    void hiddenDirectoriesAreNotWalkedSoTheirLinksDoNotMatter(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("cm.yaml"), CM.formatted("a"));
        Files.createDirectories(tmp.resolve(".git"));
        Files.createSymbolicLink(tmp.resolve(".git/root"), Path.of("/"));
        assertThat(Manifests.load(tmp).kubernetesRaw().objects()).hasSize(1);
    }

    @Test
    void aLinkLeavingTheDirectoryIsRefusedWhenItWouldBeReadAndNotedOtherwise(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Path outside = tmp.toRealPath().resolve("outside.txt");
        Files.writeString(outside, "x");
        Files.writeString(dir.resolve("cm.yaml"), CM.formatted("a"));
        Files.createSymbolicLink(dir.resolve("LICENSE"), outside);
        Files.createSymbolicLink(dir.resolve("vendor"), tmp);
        assertThat(Manifests.load(dir).notes()).contains("LICENSE: symbolic link to " + outside + ", outside the manifests directory; not read",
                "vendor: symbolic link to " + tmp.toRealPath() + ", outside the manifests directory; not read");

        Files.createSymbolicLink(dir.resolve("more.yaml"), outside);
        assertThatThrownBy(() -> Manifests.load(dir)).isInstanceOf(ManifestException.class)
                .hasMessage("symbolic link to " + outside + ", outside the manifests directory " + dir
                        + "; refused (copy what it points at into the directory)");
        Files.delete(dir.resolve("more.yaml"));

        // helm reads every file of a chart: a LICENSE linked from outside is read there.
        Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: c\nversion: 0.1.0\n");
        assertThatThrownBy(() -> Manifests.load(dir)).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).file()).isIn(dir.resolve("LICENSE"), dir.resolve("vendor")));
    }

    @Test
    void aKustomizationResourceAndGeneratorStayInItsDirectory(@TempDir Path tmp) throws Exception {
        Path k = Files.createDirectories(tmp.resolve("overlay"));
        Files.writeString(tmp.resolve("base.yaml"), CM.formatted("a"));
        Files.writeString(k.resolve("kustomization.yaml"), "resources:\n  - ok.yaml\n  - ../base.yaml\n");
        Files.writeString(k.resolve("ok.yaml"), CM.formatted("b"));
        assertThatThrownBy(() -> KubernetesLoader.fromKustomization(k.resolve("kustomization.yaml")))
                .satisfies(e -> assertThat(((ManifestException) e).oneLine())
                        .isEqualTo(k.resolve("kustomization.yaml") + ":3: ../base.yaml is outside the kustomization root " + k));
        Files.writeString(k.resolve("kustomization.yaml"), "configMapGenerator:\n  - name: g\n    envs:\n      - ../base.yaml\n");
        assertThatThrownBy(() -> KubernetesLoader.fromKustomization(k.resolve("kustomization.yaml")))
                .hasMessage("../base.yaml is outside the kustomization root " + k);
    }
}
