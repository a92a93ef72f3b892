package dev.menderharness.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The env keys Mender's open-source services read, per service, as written in their configuration
 * code at one release: {@code env-catalogue-v4.1.3.tsv} beside this class (mender-server v4.1.3,
 * commit 0b64da55...). Besides the keys read it knows the keys declared but never read, the keys the
 * official Helm chart and compose file set that the release ignores, and the keys that only enterprise
 * images read. Loaded once (about 350 short lines).
 */
public final class EnvCatalogue {

    /** One key a service reads. */
    public record Key(String service, String name, String kind, String defaultValue, boolean enterprise,
                      boolean deprecatedAlias, String source) {
        public boolean isAddress() { return kind.equals("address"); }
    }

    private static final EnvCatalogue INSTANCE = load();

    private final String version;
    private final String commit;
    private final Map<String, Map<String, Key>> byService;
    private final Map<String, Map<String, String>> declaredNotRead;
    private final Map<String, String> ignoredByRelease;
    private final Set<String> enterpriseOnly;

    private EnvCatalogue(String version, String commit, Map<String, Map<String, Key>> byService,
                         Map<String, Map<String, String>> declaredNotRead, Map<String, String> ignoredByRelease,
                         Set<String> enterpriseOnly) {
        this.version = version;
        this.commit = commit;
        this.byService = byService;
        this.declaredNotRead = declaredNotRead;
        this.ignoredByRelease = ignoredByRelease;
        this.enterpriseOnly = enterpriseOnly;
    }

    public static EnvCatalogue get() { return INSTANCE; }

    /** The Mender Server release the catalogue was written from, e.g. {@code v4.1.3}. */
    public String version() { return version; }

    /** The mender-server commit of that release. */
    public String commit() { return commit; }

    /** Keys {@code service} reads (catalogue service id, e.g. {@code deployments}, {@code workflows-worker}). */
    public Map<String, Key> keys(String service) {
        return byService.getOrDefault(service, Map.of());
    }

    /** Keys every Go service reads (LOG_LEVEL, GIN_MODE, ...). */
    public Map<String, Key> shared() { return keys("shared"); }

    /** Why {@code key} is declared in {@code service}'s code but never read, or empty. */
    public Optional<String> declaredNotRead(String service, String key) {
        return Optional.ofNullable(declaredNotRead.getOrDefault(service, Map.of()).get(key));
    }

    /** Why the official chart/compose file sets {@code key} although the release does not read it, or empty. */
    public Optional<String> ignoredByRelease(String key) {
        return Optional.ofNullable(ignoredByRelease.get(key));
    }

    /** True for keys only enterprise images read (the chart sets them with global.enterprise). */
    public boolean enterpriseOnly(String key) { return enterpriseOnly.contains(key); }

    private static EnvCatalogue load() {
        String resource = "env-catalogue-v4.1.3.tsv";
        Map<String, Map<String, Key>> byService = new LinkedHashMap<>();
        Map<String, Map<String, String>> notRead = new LinkedHashMap<>();
        Map<String, String> ignored = new LinkedHashMap<>();
        Set<String> enterprise = new LinkedHashSet<>();
        String version = "";
        String commit = "";
        try (InputStream in = EnvCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "version" -> version = f[1];
                    case "commit" -> commit = f[1];
                    case "key" -> byService.computeIfAbsent(f[1], s -> new LinkedHashMap<>()).put(f[2],
                            new Key(f[1], f[2], f[3], f[5], f[4].contains("e"), f[4].contains("d"), f[6]));
                    case "unread" -> notRead.computeIfAbsent(f[1], s -> new LinkedHashMap<>()).put(f[2], f[3]);
                    case "ignored" -> ignored.putIfAbsent(f[2], f[3]);
                    case "enterprise" -> enterprise.add(f[2]);
                    default -> throw new IllegalStateException(resource + ": unknown row " + f[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byService.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return new EnvCatalogue(version, commit, Collections.unmodifiableMap(byService), notRead,
                Collections.unmodifiableMap(ignored), Collections.unmodifiableSet(enterprise));
    }
}
