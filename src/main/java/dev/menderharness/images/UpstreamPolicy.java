package dev.menderharness.images;

/** Images as written in the manifests (hosts that can pull from the public registries). */
public record UpstreamPolicy() implements ImagePolicy {
    @Override
    public String resolve(String imageRef) {
        ImageRef.parse(imageRef); // reject malformed references early
        return imageRef;
    }

    @Override
    public String name() {
        return "upstream";
    }
}
