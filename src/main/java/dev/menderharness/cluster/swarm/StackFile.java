package dev.menderharness.cluster.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A Swarm stack file as a mutable tree (anchors and merge keys resolved), for deploy-time
 * adaptations of a copy. Never written back over the user's file.
 */
public final class StackFile {

    private final Path source;
    private final Map<String, Object> root;

    private StackFile(Path source, Map<String, Object> root) {
        this.source = source;
        this.root = root;
    }

    public static StackFile read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static StackFile parse(Path source, String yaml) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!(tree instanceof Map<?, ?> m) || !(m.get("services") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(source + ": a stack file needs a top-level 'services' mapping");
        }
        return new StackFile(source, (Map<String, Object>) tree);
    }

    public Path source() {
        return source;
    }

    public Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) root.get("services");
    }

    public String image(String service) {
        Object image = services().get(service).get("image");
        return image == null ? null : image.toString();
    }

    /** The child mapping {@code key} of {@code parent}, created when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    /** The list {@code key} of {@code parent}, created when absent. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        if (v instanceof List<?> l) return (List<Object>) l;
        List<Object> created = new ArrayList<>();
        parent.put(key, created);
        return created;
    }

    public String toYaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setWidth(200);
        return new Yaml(new Representer(o), o).dump(root);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
