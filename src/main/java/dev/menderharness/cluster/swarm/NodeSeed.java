package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.menderharness.images.ImageIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A node seed: a DinD image that also carries {@code /seed/docker-data.tar}, a dockerd data root
 * whose image store already holds a set of the host's images (what kind calls a node image with
 * preloaded images). Nodes started from it (node-entry.sh) skip loading those images. Its labels
 * say which DinD image it extends and which host images, at which IDs, it holds; a seed is only
 * used while every one of them is still on the host at that ID, so a rebuilt image never reaches a
 * node from a stale seed. {@link NodeSeedBuilder} makes seeds.
 */
public record NodeSeed(String image, Map<String, String> images, NodeSecurity security) {

    public static final String REPOSITORY = "mender-harness/node-seed";
    /** ID of the DinD image the seed extends. */
    static final String LABEL_DIND = "dev.menderharness.node-seed.dind";
    /** "image=id" per held image, one per line, sorted. */
    static final String LABEL_IMAGES = "dev.menderharness.node-seed.images";
    /** The {@link NodeSecurity} the seed's own node started with on this engine: where nodes start first. */
    static final String LABEL_SECURITY = "dev.menderharness.node-seed.security";

    /** Changes whenever what a seed holds or how it is labelled changes, so older seeds get new tags. */
    private static final String FORMAT = "node-seed/2 data-root-tar security-label";

    /** Tag of the seed of {@code dindId} holding {@code imageIds}: a hash of both, so same inputs, same tag. */
    static String tag(String dindId, Map<String, String> imageIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
            sha.update(dindId.getBytes(StandardCharsets.UTF_8));
            sha.update(imagesLabel(imageIds).getBytes(StandardCharsets.UTF_8));
            return REPOSITORY + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String imagesLabel(Map<String, String> imageIds) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(imageIds).forEach((image, id) -> out.append(image).append('=').append(id).append('\n'));
        return out.toString();
    }

    static Map<String, String> parseImagesLabel(String label) {
        Map<String, String> out = new LinkedHashMap<>();
        if (label == null) return out;
        for (String line : label.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    /** The best seed on the host for {@code dindImage}, if any is still valid (none when that image is missing). */
    public static Optional<NodeSeed> find(DockerClient host, String dindImage) {
        String dindId = idOnHost(host, dindImage);
        if (dindId == null) return Optional.empty();
        List<Candidate> candidates = new ArrayList<>();
        for (var img : host.listImagesCmd().withLabelFilter(Map.of(LABEL_DIND, dindId)).exec()) {
            if (img.getRepoTags() == null) continue;
            for (String tag : img.getRepoTags()) {
                if (tag.startsWith(REPOSITORY + ":")) {
                    Map<String, String> labels = img.getLabels() == null ? Map.of() : img.getLabels();
                    candidates.add(new Candidate(tag, parseImagesLabel(labels.get(LABEL_IMAGES)),
                            img.getCreated() == null ? 0 : img.getCreated(), security(labels.get(LABEL_SECURITY))));
                }
            }
        }
        Set<String> held = new java.util.TreeSet<>();
        candidates.forEach(c -> held.addAll(c.images().keySet()));
        Map<String, String> hostIds = ImageIds.of(host, held); // one listing, not one inspect per image
        return choose(candidates, hostIds::get);
    }

    /** A seed image found on the host: its tag, what it holds, when it was made (epoch seconds). */
    record Candidate(String image, Map<String, String> images, long created, NodeSecurity security) {
        Candidate(String image, Map<String, String> images, long created) {
            this(image, images, created, NodeSecurity.PRIVILEGED);
        }
    }

    private static NodeSecurity security(String label) {
        try {
            return label == null ? NodeSecurity.PRIVILEGED : NodeSecurity.valueOf(label);
        } catch (IllegalArgumentException unknown) {
            return NodeSecurity.PRIVILEGED; // privileged first, with the usual fallback
        }
    }

    /**
     * Of the candidates whose every held image is on the host at the same ID ({@code hostId}: image
     * to ID, null when absent), the one holding most images, newest first on a tie.
     */
    static Optional<NodeSeed> choose(List<Candidate> candidates, Function<String, String> hostId) {
        return candidates.stream()
                .filter(c -> !c.images().isEmpty())
                .filter(c -> c.images().entrySet().stream().allMatch(e -> e.getValue().equals(hostId.apply(e.getKey()))))
                .max(Comparator.comparingInt((Candidate c) -> c.images().size()).thenComparingLong(Candidate::created))
                .map(c -> new NodeSeed(c.image(), c.images(), c.security()));
    }

    private static String idOnHost(DockerClient host, String image) {
        try {
            return host.inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
