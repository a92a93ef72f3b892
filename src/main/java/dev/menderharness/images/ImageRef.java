package dev.menderharness.images;

/**
 * A parsed image reference ({@code [registry/]path[:tag][@digest]}) with Docker Hub's implicit
 * {@code docker.io/library/} normalised, so {@code nginx}, {@code library/nginx} and
 * {@code docker.io/library/nginx} are the same repository.
 */
public record ImageRef(String registry, String path, String tag, String digest) {

    static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String ref) {
        if (ref == null || ref.isBlank() || ref.chars().anyMatch(Character::isWhitespace)) {
            throw new ImageException("not an image reference: '" + ref + "'");
        }
        String rest = ref;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = DOCKER_HUB;
        if (rest.isEmpty() || (tag != null && tag.isEmpty())) {
            throw new ImageException("not an image reference: '" + ref + "'");
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) rest = "library/" + rest;
        return new ImageRef(registry, rest, tag, digest);
    }

    public boolean onDockerHub() {
        return registry.equals(DOCKER_HUB);
    }

    /** The short name Docker prints: {@code nginx}, {@code minio/minio}, {@code quay.io/x/y}. */
    public String repository() {
        if (!onDockerHub()) return registry + "/" + path;
        return path.startsWith("library/") ? path.substring("library/".length()) : path;
    }

    /** {@code :tag@digest} suffix as written (either part may be absent). */
    public String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
