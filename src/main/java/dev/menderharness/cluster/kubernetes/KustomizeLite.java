package dev.menderharness.cluster.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.menderharness.manifest.SourceRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The part of kustomize the harness needs, with no kustomize binary: {@code resources} (files, or
 * directories holding their own kustomization), {@code configMapGenerator}/{@code secretGenerator}
 * ({@code files}, {@code literals}, {@code envs}, per-generator {@code options}),
 * {@code generatorOptions}, and the content-hash name suffix computed exactly as kustomize does, so
 * objects get the names {@code kubectl apply -k} would give them. References to generated names in
 * pod templates are rewritten. Any other kustomization field is refused with a one-line error
 * rather than silently ignored. Without a kustomization.yaml, every YAML file under
 * {@code kubernetes/} is read.
 */
public final class KustomizeLite {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
            "secretGenerator", "generatorOptions", "namespace");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KustomizeLite() {
    }

    /** The objects {@code kubectl apply -k manifestsDir} would apply (namespace left unset). */
    public static List<ManifestObject> build(Path manifestsDir) {
        Path kustomization = kustomizationFile(manifestsDir);
        if (kustomization == null) {
            Path dir = manifestsDir.resolve("kubernetes");
            if (!Files.isDirectory(dir)) {
                throw new ManifestException(manifestsDir + ": neither kustomization.yaml nor kubernetes/ found");
            }
            List<ManifestObject> out = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().forEach(p -> out.addAll(YamlDocuments.read(p)));
            } catch (IOException e) {
                throw new ManifestException(dir + ": cannot list (" + e.getMessage() + ")");
            }
            return out;
        }
        return fromKustomization(kustomization);
    }

    private static Path kustomizationFile(Path dir) {
        for (String n : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        return null;
    }

    private static List<ManifestObject> fromKustomization(Path file) {
        Path root = file.getParent();
        JsonNode k;
        try {
            k = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ManifestException(file + ": not valid YAML (" + YamlDocuments.firstLine(e.getMessage()) + ")");
        }
        if (k == null || !k.isObject()) {
            throw new ManifestException(file + ": empty kustomization");
        }
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED.contains(f)) {
                throw new ManifestException(file + ":" + lineOf(file, f + ":") + ": kustomization field '" + f
                        + "' is not supported by the harness (supported: resources, configMapGenerator, "
                        + "secretGenerator, generatorOptions, namespace)");
            }
        });
        List<ManifestObject> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            String entry = r.asText();
            Path p = inside(root, entry, file);
            if (Files.isDirectory(p)) {
                Path nested = kustomizationFile(p);
                if (nested == null) {
                    throw new ManifestException(file + ":" + lineOf(file, entry) + ": resource directory " + entry
                            + " has no kustomization.yaml");
                }
                out.addAll(fromKustomization(nested));
            } else if (Files.isRegularFile(p)) {
                out.addAll(YamlDocuments.read(p));
            } else {
                throw new ManifestException(file + ":" + lineOf(file, entry) + ": resource " + entry + " does not exist");
            }
        }
        JsonNode globalOptions = k.path("generatorOptions");
        Map<String, String> renames = new LinkedHashMap<>();
        for (JsonNode g : k.path("configMapGenerator")) {
            out.add(generate(g, false, globalOptions, file, renames));
        }
        for (JsonNode g : k.path("secretGenerator")) {
            out.add(generate(g, true, globalOptions, file, renames));
        }
        NameReferences.rename(out, renames);
        return out;
    }

    private static ManifestObject generate(JsonNode g, boolean secret, JsonNode globalOptions, Path file,
                                           Map<String, String> renames) {
        String name = g.path("name").asText(null);
        String kind = secret ? "Secret" : "ConfigMap";
        if (name == null) {
            throw new ManifestException(file + ": a " + (secret ? "secretGenerator" : "configMapGenerator") + " entry has no name");
        }
        SourceRef source = new SourceRef(file, lineOf(file, name));
        String behavior = g.path("behavior").asText("create");
        if (!behavior.equals("create")) {
            throw new ManifestException(source + ": generator " + name + ": behavior '" + behavior
                    + "' is not supported by the harness (only create)");
        }
        Path root = file.getParent();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
            Path p = inside(root, eq < 0 ? spec : spec.substring(eq + 1), file);
            try {
                put(entries, key, Files.readAllBytes(p), source, name);
            } catch (IOException e) {
                throw new ManifestException(source + ": generator " + name + ": cannot read " + spec);
            }
        }
        for (JsonNode l : g.path("literals")) {
            String lit = l.asText();
            int eq = lit.indexOf('=');
            if (eq <= 0) {
                throw new ManifestException(source + ": generator " + name + ": literal '" + lit + "' is not KEY=VALUE");
            }
            put(entries, lit.substring(0, eq), unquote(lit.substring(eq + 1)).getBytes(StandardCharsets.UTF_8), source, name);
        }
        for (JsonNode e : g.path("envs")) {
            Path p = inside(root, e.asText(), file);
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    String t = line.trim();
                    if (t.isEmpty() || t.startsWith("#")) continue;
                    int eq = t.indexOf('=');
                    if (eq <= 0) {
                        throw new ManifestException(p + ": '" + t + "' is not KEY=VALUE");
                    }
                    put(entries, t.substring(0, eq), t.substring(eq + 1).getBytes(StandardCharsets.UTF_8), source, name);
                }
            } catch (IOException ex) {
                throw new ManifestException(source + ": generator " + name + ": cannot read " + e.asText());
            }
        }
        JsonNode options = g.path("options");
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        globalOptions.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        globalOptions.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        options.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        options.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        boolean noHash = options.has("disableNameSuffixHash")
                ? options.path("disableNameSuffixHash").asBoolean()
                : globalOptions.path("disableNameSuffixHash").asBoolean(false);

        HasMetadata object;
        if (secret) {
            Map<String, String> data = new TreeMap<>();
            entries.forEach((key, bytes) -> data.put(key, Base64.getEncoder().encodeToString(bytes)));
            String type = g.path("type").asText("Opaque");
            String finalName = noHash ? name : name + "-" + secretHash(type, data);
            object = new SecretBuilder().withNewMetadata().withName(finalName).withLabels(nullIfEmpty(labels))
                    .withAnnotations(nullIfEmpty(annotations)).endMetadata().withType(type).withData(data).build();
        } else {
            Map<String, String> data = new TreeMap<>();
            Map<String, String> binary = new TreeMap<>();
            entries.forEach((key, bytes) -> {
                String text = utf8(bytes);
                if (text != null) data.put(key, text);
                else binary.put(key, Base64.getEncoder().encodeToString(bytes));
            });
            String finalName = noHash ? name : name + "-" + configMapHash(data, binary);
            object = new ConfigMapBuilder().withNewMetadata().withName(finalName).withLabels(nullIfEmpty(labels))
                    .withAnnotations(nullIfEmpty(annotations)).endMetadata().withData(data)
                    .withBinaryData(binary.isEmpty() ? null : binary).build();
        }
        if (!noHash) {
            renames.put(kind + "/" + name, object.getMetadata().getName());
        }
        return new ManifestObject(object, source);
    }

    /**
     * kustomize's ConfigMap hash (api/hasher: encodeConfigMap): sha256 of the JSON
     * {binaryData?,data,kind,name}, encoded. Two details decide the name, so they must match to the
     * byte: kustomize looks the name up as one field called "metadata/name", which no object has,
     * so it hashes an empty name whatever the generator is called; and a ConfigMap without data
     * hashes {@code "data":""}, not an empty map.
     */
    static String configMapHash(Map<String, String> data, Map<String, String> binaryData) {
        Map<String, Object> m = new TreeMap<>();
        m.put("kind", "ConfigMap");
        m.put("name", "");
        m.put("data", data.isEmpty() ? "" : new TreeMap<>(data));
        if (!binaryData.isEmpty()) m.put("binaryData", new TreeMap<>(binaryData));
        return encode(sha256Hex(GoJson.encode(m)));
    }

    /** kustomize's Secret hash (api/hasher: encodeSecret): sha256 of {data,kind,name,type}, name and empty data as for ConfigMaps. */
    static String secretHash(String type, Map<String, String> base64Data) {
        Map<String, Object> m = new TreeMap<>();
        m.put("kind", "Secret");
        m.put("type", type);
        m.put("name", "");
        m.put("data", base64Data.isEmpty() ? "" : new TreeMap<>(base64Data));
        return encode(sha256Hex(GoJson.encode(m)));
    }

    /** kustomize's hasher.encode: first 10 hex digits with 0,1,3,a,e replaced (no vowels, no look-alikes). */
    private static String encode(String hex) {
        StringBuilder sb = new StringBuilder(10);
        for (char c : hex.substring(0, 10).toCharArray()) {
            sb.append(switch (c) {
                case '0' -> 'g';
                case '1' -> 'h';
                case '3' -> 'k';
                case 'a' -> 'm';
                case 'e' -> 't';
                default -> c;
            });
        }
        return sb.toString();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(Map<String, byte[]> entries, String key, byte[] value, SourceRef source, String name) {
        if (entries.put(key, value) != null) {
            throw new ManifestException(source + ": generator " + name + ": key '" + key + "' is given twice");
        }
    }

    private static Path inside(Path root, String relative, Path kustomization) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new ManifestException(kustomization + ":" + lineOf(kustomization, relative) + ": " + relative
                    + " is outside the kustomization root " + root);
        }
        return p;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Map<String, String> nullIfEmpty(Map<String, String> m) {
        return m.isEmpty() ? null : m;
    }

    /** 1-based line of the first occurrence of {@code needle} in {@code file}, 1 if absent. */
    static int lineOf(Path file, String needle) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle)) return i + 1;
            }
        } catch (IOException ignored) {
            // the caller's error names the file anyway
        }
        return 1;
    }

    static boolean isGenerated(HasMetadata o) {
        return o instanceof ConfigMap || o instanceof Secret;
    }
}
