package dev.menderharness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code target/benchmarks/images.json}: per image the build (or reuse) seconds and size of the
 * last cold run (something was built) and the last warm run (nothing was built), side by side,
 * so one file answers "how long from nothing" and "how long when nothing changed".
 */
public final class ImageBenchmark {
    private static final Pattern SECTION = Pattern.compile("\"(cold|warm)\": (\\{.*?\\n  })", Pattern.DOTALL);

    private ImageBenchmark() {
    }

    public static void record(Path file, List<FixtureImageBuilder.Outcome> outcomes, double totalSeconds) {
        boolean warm = outcomes.stream().noneMatch(FixtureImageBuilder.Outcome::built);
        String run = section(outcomes, totalSeconds);
        String cold = null;
        String warmRun = null;
        try {
            if (Files.isRegularFile(file)) {
                Matcher m = SECTION.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1).equals("cold")) cold = m.group(2);
                    else warmRun = m.group(2);
                }
            }
            if (warm) warmRun = run;
            else cold = run;
            StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"images\",\n");
            json.append("  \"cold\": ").append(cold == null ? "null" : cold).append(",\n");
            json.append("  \"warm\": ").append(warmRun == null ? "null" : warmRun).append("\n}\n");
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
