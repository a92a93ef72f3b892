package dev.menderharness.images;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every image replaced by a locally built fixture ({@code mender-harness/<name>:<inputs-hash>}),
 * for hosts that cannot pull. {@code builtTag} returns the tag of a built fixture or throws a
 * one-line {@link ImageException} saying how to build it.
 */
public record FixturePolicy(Function<FixtureImage, String> builtTag) implements ImagePolicy {

    /**
     * Fixture tags from the project's inputs, checked against the local Docker images. The first
     * resolve checks every fixture tag in one engine call: one {@code docker image inspect} per image
     * costs seconds on a loaded host, and a stack deploy resolves ten of them.
     */
    public static FixturePolicy local(FixtureImageSet set) {
        Map<FixtureImage, String> verified = new EnumMap<>(FixtureImage.class);
        Map<FixtureImage, RuntimeException> unhashable = new EnumMap<>(FixtureImage.class);
        Set<String> presentAtFirstUse = new HashSet<>();
        boolean[] checked = {false};
        return new FixturePolicy(image -> {
            synchronized (verified) {
                if (!checked[0]) {
                    checked[0] = true;
                    Map<FixtureImage, String> tags = new EnumMap<>(FixtureImage.class);
                    for (FixtureImage i : FixtureImage.values()) {
                        try {
                            tags.put(i, set.tag(i));
                        } catch (RuntimeException e) { // e.g. no stand-in jar: matters only if that image is used
                            unhashable.put(i, e);
                        }
                    }
                    presentAtFirstUse.addAll(set.docker().inspectAll(List.copyOf(tags.values())).keySet());
                    tags.forEach((i, tag) -> {
                        if (presentAtFirstUse.contains(tag)) verified.put(i, tag);
                    });
                }
                if (unhashable.containsKey(image)) throw unhashable.get(image);
                return verified.computeIfAbsent(image, i -> {
                    String tag = set.tag(i);
                    if (set.docker().imageId(tag).isEmpty()) { // built since the first check?
                        throw new ImageException("fixture image " + tag + " is not built: run " + FixtureImageSet.BUILD_COMMAND);
                    }
                    return tag;
                });
            }
        });
    }

    @Override
    public String resolve(String imageRef) {
        ImageRef ref = ImageRef.parse(imageRef);
        if (ref.repository().equals(ImageRef.parse(HarnessImages.K3S).repository())) {
            throw new ImageException(imageRef + " has no fixture image (k3s needs privileged containers, which"
                    + " hosts without a registry refuse): use image policy upstream or mirror for the k3s cluster");
        }
        if (ref.repository().startsWith(FixtureImage.REPOSITORY_PREFIX)) return imageRef; // already a fixture
        FixtureImage image = FixtureImage.forUpstream(ref).orElseThrow(() -> new ImageException(
                "the fixture images cannot supply " + imageRef + ": use image policy upstream or mirror (-Dimage.policy=upstream under mvn verify,"
                        + " --policy upstream with up) on a host that can pull it (fixtures exist for " + known() + "; or add fixtures/images/<name>/ and run "
                        + FixtureImageSet.BUILD_COMMAND + ")"));
        try {
            return builtTag.apply(image);
        } catch (ImageException e) {
            throw new ImageException(imageRef + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "fixture";
    }

    private static String known() {
        return Arrays.stream(FixtureImage.values()).flatMap(f -> f.upstream().stream()).collect(Collectors.joining(", "));
    }
}
