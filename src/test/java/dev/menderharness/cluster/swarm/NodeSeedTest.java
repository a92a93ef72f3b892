package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
                .contains("ln -s \"$shared/.seed/overlay2\"/[0-9a-f]* \"$me.partial/overlay2/\"")
                .contains("cp -a \"$shared/.seed/overlay2/l\" \"$me.partial/overlay2/\"")
                .contains("network|engine-id) ;;")
                .contains("/seed/docker-data.tar");
    }
}
