package dev.menderharness.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image IDs an engine holds for some image names, read with one image listing rather than one
 * inspect per image: a bring-up asks this of every node for a dozen images, and each request to a
 * node's dockerd crosses a published port (about 40 ms each, 1.5 s per 3-node bring-up).
 */
public final class ImageIds {

    private ImageIds() {
    }

    /**
     * Name to ID for those of {@code images} the engine has; absent names are not in the map.
     * A name not found in the listing is inspected, which resolves it the way the engine does.
     */
    public static Map<String, String> of(DockerClient engine, Collection<String> images) {
        Map<String, String> byTag = new HashMap<>();
        for (Image image : engine.listImagesCmd().exec()) {
            if (image.getRepoTags() == null) continue;
            for (String tag : image.getRepoTags()) byTag.put(tag, image.getId());
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : images) {
            String listed = listedAs(name);
            String id = listed == null ? null : byTag.get(listed);
            if (id == null) id = inspect(engine, name);
            if (id != null) ids.put(name, id);
        }
        return ids;
    }

    /**
     * {@code name} as the listing shows it ({@code docker.io/library/mongo} as {@code mongo:latest}),
     * or null when only an inspect can resolve it (a digest, or not a reference at all).
     */
    static String listedAs(String name) {
        try {
            ImageRef ref = ImageRef.parse(name);
            if (ref.digest() != null) return null;
            return ref.repository() + ":" + (ref.tag() == null ? "latest" : ref.tag());
        } catch (ImageException notAReference) {
            return null;
        }
    }

    private static String inspect(DockerClient engine, String name) {
        try {
            return engine.inspectImageCmd(name).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
