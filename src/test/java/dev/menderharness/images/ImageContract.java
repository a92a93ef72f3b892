package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One entry of {@code fixtures/images/contracts.yaml}: what a fixture image reproduces of the real
 * image it stands in for. Lists are never null; {@code volumes} is null when the contract does not
 * state them; {@code healthcheck} is null for "no HEALTHCHECK".
 */
record ImageContract(String upstream, String fixture, String source, boolean shell, List<String> entrypoint,
                     List<String> cmd, String user, String workdir, String stopsignal, List<String> ports,
                     List<String> volumes, Map<String, String> env, Healthcheck healthcheck, List<String> toolsPresent,
                     List<String> toolsAbsent, List<String> files) {
    static final String FILE = "fixtures/images/contracts.yaml";

    /** A HEALTHCHECK as the image configuration holds it. */
    record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod, int retries) {}

    /** The image's repository without tag ({@code nginx}, {@code mendersoftware/gui}). */
    String repository() {
        return ImageRef.parse(upstream).repository();
    }

    static List<ImageContract> load(Path file) {
        Map<String, Object> doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ImageContract> out = new ArrayList<>();
        for (Object o : list(doc.get("images"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new ImageContract(text(m, "upstream"), text(m, "fixture"), text(m, "source"), Boolean.TRUE.equals(m.get("shell")),
                    strings(m.get("entrypoint")), strings(m.get("cmd")), text(m, "user"), text(m, "workdir"), text(m, "stopsignal"),
                    strings(m.get("ports")), m.containsKey("volumes") ? strings(m.get("volumes")) : null, env(m.get("env")),
                    healthcheck(m.get("healthcheck")), strings(m.get("tools_present")), strings(m.get("tools_absent")),
                    strings(m.get("files"))));
        }
        return out;
    }

    static Optional<ImageContract> forImage(List<ImageContract> contracts, String imageRef) {
        String repo = ImageRef.parse(imageRef).repository();
        return contracts.stream().filter(c -> c.repository().equals(repo)).findFirst();
    }

    private static Healthcheck healthcheck(Object o) {
        if (!(o instanceof Map<?, ?> m)) return null;
        return new Healthcheck(strings(m.get("test")), duration(m.get("interval")), duration(m.get("timeout")),
                duration(m.get("start_period")), m.get("retries") == null ? 0 : ((Number) m.get("retries")).intValue());
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** Compose-style durations: 8s, 1m30s, 500ms. */
    static Duration duration(Object o) {
        if (o == null) return Duration.ZERO;
        Duration d = Duration.ZERO;
        Matcher m = DURATION.matcher(o.toString());
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("bad duration " + o);
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != o.toString().length()) throw new IllegalArgumentException("bad duration " + o);
        return d;
    }

    private static Map<String, String> env(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : v.toString();
    }

    private static List<Object> list(Object o) {
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw new IllegalArgumentException("expected a list, got " + o);
        return new ArrayList<>(l);
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }
}
