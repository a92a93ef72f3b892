package dev.menderharness.images;

/**
 * Every image pulled through one registry mirror (air-gapped CI with a pull-through cache).
 * Docker Hub images keep their full path ({@code nginx} becomes {@code MIRROR/library/nginx}, the
 * layout pull-through caches use); images of other registries keep their registry as the first
 * path element ({@code quay.io/x/y} becomes {@code MIRROR/quay.io/x/y}).
 */
public record MirrorPolicy(String mirror) implements ImagePolicy {

    public MirrorPolicy {
        String m = mirror.trim();
        if (m.contains("://")) {
            throw new ImageException("image.mirror '" + mirror + "' must be HOST[:PORT][/PATH], without a scheme");
        }
        while (m.endsWith("/")) m = m.substring(0, m.length() - 1);
        if (m.isEmpty() || m.chars().anyMatch(Character::isWhitespace)) {
            throw new ImageException("image.mirror '" + mirror + "' is not a registry address");
        }
        mirror = m;
    }

    @Override
    public String resolve(String imageRef) {
        ImageRef ref = ImageRef.parse(imageRef);
        if (imageRef.startsWith(mirror + "/")) return imageRef; // already mirrored
        String path = ref.onDockerHub() ? ref.path() : ref.registry() + "/" + ref.path();
        return mirror + "/" + path + ref.suffix();
    }

    @Override
    public String name() {
        return "mirror";
    }
}
