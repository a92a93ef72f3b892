package dev.menderharness.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A deliberately broken copy of a manifests directory, described as text edits in
 * {@code fixtures/broken/<name>/variant.yaml}:
 *
 * <pre>
 * description: gateway redirects to a hard-coded port
 * breaks: gateway-redirect          # the check that must fail on it
 * edits:
 *   - file: gateway/nginx.conf      # relative to the manifests directory
 *     find: "return 301 $redirect_base$request_uri;"
 *     replace: "return 301 https://$host:443$request_uri;"
 * </pre>
 *
 * Each {@code find} must occur exactly once, so a variant cannot silently stop breaking anything
 * when the reference changes under it.
 */
public record ManifestVariant(String name, String description, String breaks, List<Edit> edits) {

    public record Edit(String file, String find, String replace) {
    }

    public static ManifestVariant load(Path variantDir) {
        Path file = variantDir.resolve("variant.yaml");
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            List<Edit> edits = new ArrayList<>();
            for (JsonNode e : root.path("edits")) {
                edits.add(new Edit(e.path("file").asText(), e.path("find").asText(), e.path("replace").asText()));
            }
            if (edits.isEmpty()) {
                throw new IllegalArgumentException(file + ": a variant needs at least one edit");
            }
            return new ManifestVariant(variantDir.getFileName().toString(),
                    root.path("description").asText(), root.path("breaks").asText(), List.copyOf(edits));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code manifestsDir} into {@code target} and applies the edits there. */
    public Path materialize(Path manifestsDir, Path target) {
        try {
            copyTree(manifestsDir, target);
            for (Edit edit : edits) {
                Path f = target.resolve(edit.file());
                String text = Files.readString(f, StandardCharsets.UTF_8);
                int first = text.indexOf(edit.find());
                if (first < 0 || text.indexOf(edit.find(), first + 1) >= 0) {
                    throw new IllegalStateException("variant " + name + ": '" + edit.find() + "' must occur exactly once in "
                            + edit.file() + (first < 0 ? " (not found)" : " (found more than once)"));
                }
                Files.writeString(f, text.replace(edit.find(), edit.replace()), StandardCharsets.UTF_8);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
