package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code target/benchmarks/images.json}: per image the build (or reuse) seconds and size of the
 * last cold run (every image built, base included), the last warm run (nothing built) and the
 * last partial run (some inputs changed), side by side, so one file answers "how long from
 * nothing", "how long when nothing changed" and "how long after an edit".
 */
public final class ImageBenchmark {
    private static final Pattern SECTION = Pattern.compile("\"(cold|warm|partial)\": (\\{.*?\\n  })", Pattern.DOTALL);

    private ImageBenchmark() {
    }

    public static void record(Path file, List<FixtureImageBuilder.Outcome> outcomes, double totalSeconds) {
        long built = outcomes.stream().filter(FixtureImageBuilder.Outcome::built).count();
        String kind = built == 0 ? "warm" : built == outcomes.size() ? "cold" : "partial";
        Map<String, String> runs = new LinkedHashMap<>();
        runs.put("cold", "null");
        runs.put("warm", "null");
        runs.put("partial", "null");
        try {
            if (Files.isRegularFile(file)) {
                Matcher m = SECTION.matcher(Files.readString(file));
                while (m.find()) runs.put(m.group(1), m.group(2));
            }
            runs.put(kind, section(outcomes, totalSeconds));
            StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"images\"");
            runs.forEach((k, v) -> json.append(",\n  \"").append(k).append("\": ").append(v));
            json.append("\n}\n");
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String section(List<FixtureImageBuilder.Outcome> outcomes, double totalSeconds) {
        String images = outcomes.stream().map(o -> String.format(Locale.ROOT,
                        "      {\"name\": \"%s\", \"image\": \"%s\", \"built\": %s, \"seconds\": %.2f, \"sizeBytes\": %d}",
                        o.name(), o.image(), o.built(), o.seconds(), o.sizeBytes()))
                .collect(Collectors.joining(",\n"));
        long built = outcomes.stream().filter(FixtureImageBuilder.Outcome::built).count();
        return String.format(Locale.ROOT, "{\n    \"at\": \"%s\",\n    \"totalSeconds\": %.2f,\n    \"built\": %d,\n"
                        + "    \"reused\": %d,\n    \"images\": [\n%s\n    ]\n  }",
                Instant.now(), totalSeconds, built, outcomes.size() - built, images);
    }
}
