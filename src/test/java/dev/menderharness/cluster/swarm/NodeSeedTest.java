package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSeedTest {

    private static final Map<String, String> HOST = Map.of(
            "mender-harness/deployments:a1", "sha256:d1",
            "mender-harness/gateway:b2", "sha256:g1",
            "mender-harness/probe:c3", "sha256:p1");

    @Test
    void tagDependsOnTheDindImageAndEveryImageIdButNotOnOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a:1", "sha256:aa");
        ab.put("b:1", "sha256:bb");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b:1", "sha256:bb");
        ba.put("a:1", "sha256:aa");
        assertThat(NodeSeed.tag("sha256:dind", ab)).isEqualTo(NodeSeed.tag("sha256:dind", ba))
                .startsWith(NodeSeed.REPOSITORY + ":").hasSize(NodeSeed.REPOSITORY.length() + 13);
        assertThat(NodeSeed.tag("sha256:dind2", ab)).isNotEqualTo(NodeSeed.tag("sha256:dind", ab));
        assertThat(NodeSeed.tag("sha256:dind", Map.of("a:1", "sha256:aa", "b:1", "sha256:b2")))
                .isNotEqualTo(NodeSeed.tag("sha256:dind", ab));
    }

    @Test
    void imagesLabelRoundTripsImageNamesWithRegistryPorts() {
        Map<String, String> ids = Map.of("registry.local:5000/mender/deployments:v4", "sha256:x", "nats:2.10", "sha256:y");
        assertThat(NodeSeed.parseImagesLabel(NodeSeed.imagesLabel(ids))).isEqualTo(ids);
        assertThat(NodeSeed.parseImagesLabel(null)).isEmpty();
    }

    @Test
    void aSeedHoldingAnImageThatWasRebuiltSinceIsNotUsed() {
        var stale = new NodeSeed.Candidate("mender-harness/node-seed:old", Map.of(
                "mender-harness/deployments:a1", "sha256:d0", "mender-harness/gateway:b2", "sha256:g1"), 200);
        assertThat(NodeSeed.choose(List.of(stale), HOST::get)).isEmpty();
    }

    @Test
    void aSeedHoldingAnImageNoLongerOnTheHostIsNotUsed() {
        var gone = new NodeSeed.Candidate("mender-harness/node-seed:gone", Map.of("mender-harness/inventory:zz", "sha256:i1"), 200);
        assertThat(NodeSeed.choose(List.of(gone), HOST::get)).isEmpty();
    }

    @Test
    void ofValidSeedsTheOneHoldingMostImagesWinsThenTheNewest() {
        var two = new NodeSeed.Candidate("mender-harness/node-seed:two", Map.of(
                "mender-harness/deployments:a1", "sha256:d1", "mender-harness/gateway:b2", "sha256:g1"), 100);
        var oneNewer = new NodeSeed.Candidate("mender-harness/node-seed:one", Map.of("mender-harness/probe:c3", "sha256:p1"), 300);
        var twoNewer = new NodeSeed.Candidate("mender-harness/node-seed:two-newer", Map.of(
                "mender-harness/deployments:a1", "sha256:d1", "mender-harness/probe:c3", "sha256:p1"), 200);
        assertThat(NodeSeed.choose(List.of(two, oneNewer, twoNewer), HOST::get)).get()
                .extracting(NodeSeed::image).isEqualTo("mender-harness/node-seed:two-newer");
    }

    @Test
    void theSecurityTheSeedsNodeStartedWithIsWhereNodesStart() {
        var recipe = new NodeSeed.Candidate("mender-harness/node-seed:r", Map.of("mender-harness/probe:c3", "sha256:p1"), 1,
                NodeSecurity.CAPABILITY_RECIPE);
        assertThat(NodeSeed.choose(List.of(recipe), HOST::get)).get()
                .extracting(NodeSeed::security).isEqualTo(NodeSecurity.CAPABILITY_RECIPE);
        var old = new NodeSeed.Candidate("mender-harness/node-seed:o", Map.of("mender-harness/probe:c3", "sha256:p1"), 1);
        assertThat(NodeSeed.choose(List.of(old), HOST::get)).get()
                .extracting(NodeSeed::security).isEqualTo(NodeSecurity.PRIVILEGED);
    }

    @Test
    void aSeedWithoutItsImagesLabelIsNotUsed() {
        var bare = new NodeSeed.Candidate("mender-harness/node-seed:bare", Map.of(), 999);
        assertThat(NodeSeed.choose(List.of(bare), HOST::get)).isEmpty();
    }

    @Test
    void theNodeEntryGivesEachNodeItsOwnDataRootAndSharesOnlyImageLayerDirectories() {
        assertThat(NodeEntry.SCRIPT)
                .contains("--data-root=\"$me\"")
                .contains("ln -s $layers \"$me.partial/overlay2/\"")
                .contains("cp -a \"$shared/.seed/overlay2/l\" \"$me.partial/overlay2/\"")
                .contains("network|engine-id) ;;")
                .contains("/seed/docker-data.tar");
    }

    /**
     * The node entry's copy of an unpacked seed into a node's data root, run with sh in a temp dir;
     * {@code imagesInContainerd} as the entry decides it from the seed (see below).
     */
    private static Path copySeed(Path shared, boolean imagesInContainerd) throws Exception {
        String script = NodeEntry.SCRIPT;
        int from = script.indexOf("    rm -rf \"$me.partial\"");
        int to = script.indexOf("    mv \"$me.partial\" \"$me\"");
        assertThat(from).as("seed copy block").isPositive();
        Path me = shared.resolve("nodes/worker-1");
        Files.createDirectories(me.getParent());
        Process p = new ProcessBuilder("sh", "-euc", "shared='" + shared + "'; me='" + me + "'; images_in_containerd="
                + (imagesInContainerd ? "yes" : "no") + ";\n" + script.substring(from, to)
                + "mv \"$me.partial\" \"$me\"").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("seed copy exit; output: " + out).isZero();
        return me;
    }

    @Test
    void aNodeLinksTheSeedsLayerDirectoriesCopiesTheRestAndSkipsPerDaemonState(@TempDir Path shared) throws Exception {
        String layer = "0123456789abcdef".repeat(4);
        Path seed = shared.resolve(".seed");
        Files.createDirectories(seed.resolve("overlay2/" + layer + "/diff"));
        Files.createDirectories(seed.resolve("overlay2/l"));
        Files.createSymbolicLink(seed.resolve("overlay2/l/SHORTNAME"), Path.of("../" + layer + "/diff"));
        Files.createDirectories(seed.resolve("image/overlay2"));
        Files.writeString(seed.resolve("image/overlay2/repositories.json"), "{}");
        Files.createDirectories(seed.resolve("network/files"));
        Files.writeString(seed.resolve("engine-id"), "seed-engine");
        Files.createDirectories(seed.resolve("containerd/daemon"));

        Path me = copySeed(shared, false);

        assertThat(Files.isSymbolicLink(me.resolve("overlay2/" + layer))).isTrue();
        assertThat(Files.readSymbolicLink(me.resolve("overlay2/" + layer))).isEqualTo(seed.resolve("overlay2/" + layer));
        assertThat(Files.isSymbolicLink(me.resolve("overlay2/l"))).as("overlay2/l is a directory of its own").isFalse();
        assertThat(me.resolve("overlay2/l/SHORTNAME").toRealPath()).isEqualTo(seed.resolve("overlay2/" + layer + "/diff").toRealPath());
        assertThat(me.resolve("image/overlay2/repositories.json")).hasContent("{}");
        assertThat(Files.isSymbolicLink(me.resolve("image"))).isFalse();
        assertThat(me.resolve("network")).doesNotExist();
        assertThat(me.resolve("engine-id")).doesNotExist();
        assertThat(me.resolve("containerd")).as("containerd keeps its own directory, started before the copy").doesNotExist();
    }

    @Test
    void aSeedWithoutOverlay2LayersIsCopiedWhole(@TempDir Path shared) throws Exception {
        // e.g. an engine on the containerd image store keeps its layers under containerd/
        Path seed = shared.resolve(".seed");
        Files.createDirectories(seed.resolve("containerd/daemon"));
        Files.writeString(seed.resolve("containerd/daemon/meta.db"), "m");

        Path me = copySeed(shared, true);

        assertThat(me.resolve("containerd/daemon/meta.db")).hasContent("m");
        assertThat(me.resolve("overlay2")).doesNotExist();
    }

    /** Runs the entry's choice of where containerd starts, for a seed tar made with {@code tar} from {@code dataRoot}. */
    private static String containerdStart(Path dir, Path dataRoot) throws Exception {
        Path seed = dir.resolve("docker-data.tar");
        Process tar = new ProcessBuilder("tar", "-cf", seed.toString(), "-C", dataRoot.getParent().toString(),
                dataRoot.getFileName().toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor()).isZero();
        String script = NodeEntry.SCRIPT;
        int from = script.indexOf("images_in_containerd=no\n");
        int to = script.indexOf("\nif [ ! -d \"$me\" ]; then");
        assertThat(from).as("containerd choice").isPositive();
        Process p = new ProcessBuilder("sh", "-euc", "shared=/shared; MH_NODE=worker-1; seed='" + seed + "';"
                + " start_containerd() { echo \"early $1\"; };\n" + script.substring(from, to) + "\necho \"images in containerd: $images_in_containerd\"")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void containerdStartsBeforeTheSeedIsUnpackedUnlessTheSeedsImagesAreContainerds(@TempDir Path dir) throws Exception {
        Path overlay = dir.resolve("a/seed");
        Files.createDirectories(overlay.resolve("overlay2/l"));
        Files.createDirectories(overlay.resolve("image"));
        assertThat(containerdStart(dir, overlay)).isEqualTo("early /shared/containerd/worker-1\nimages in containerd: no");

        Path containerdStore = dir.resolve("b/seed");
        Files.createDirectories(containerdStore.resolve("containerd/daemon"));
        Files.createDirectories(containerdStore.resolve("image"));
        assertThat(containerdStart(dir, containerdStore)).isEqualTo("images in containerd: yes");
    }
}
