package dev.menderharness.images;

/**
 * STUB for branch k8s until branch images lands (the merge replaces this file): the API named in
 * COMMON.md. Only upstream and mirror behave; fixture is the images helper's.
 */
public interface ImagePolicy {

    String resolve(String imageRef);

    String name();

    static ImagePolicy fromSystemProperties() {
        String name = System.getProperty("image.policy", "upstream");
        String mirror = System.getProperty("image.mirror", "");
        return new ImagePolicy() {
            @Override
            public String resolve(String imageRef) {
                return "mirror".equals(name) ? mirror + imageRef : imageRef;
            }

            @Override
            public String name() {
                return name.isBlank() ? "upstream" : name;
            }
        };
    }
}
