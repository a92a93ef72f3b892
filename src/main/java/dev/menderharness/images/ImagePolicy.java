package dev.menderharness.images;

/**
 * PLACEHOLDER until branch {@code images} lands (it owns this class): maps manifest images.
 * Temporary: upstream = identity; fixture maps the harness images to hand-built local ones.
 */
public final class ImagePolicy {
    private final String mode;

    private ImagePolicy(String mode) {
        this.mode = mode;
    }

    public static ImagePolicy fromSystemProperties() {
        return new ImagePolicy(System.getProperty("image.policy", "upstream"));
    }

    public String resolve(String imageRef) {
        if (!"fixture".equals(mode)) return imageRef;
        if (imageRef.equals(HarnessImages.DIND)) return "tmp-swarm/dind:1";
        if (imageRef.equals(HarnessImages.PROBE)) return "tmp-swarm/probe:1";
        return System.getProperty("tmp.image." + imageRef, imageRef);
    }

    public boolean isFixture() {
        return "fixture".equals(mode);
    }
}
