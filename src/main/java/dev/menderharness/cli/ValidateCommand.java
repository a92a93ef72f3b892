package dev.menderharness.cli;

import dev.menderharness.manifest.LoadOptions;
import dev.menderharness.manifest.ManifestException;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.support.Settings;
import dev.menderharness.validate.Formats;
import dev.menderharness.validate.Severity;
import dev.menderharness.validate.ValidationResult;
import dev.menderharness.validate.rules.StandardRules;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code validate DIR [--format text|json|junit|sarif] [--values FILE]... [--set KEY=VALUE]... [--fail-on error|warning|info]}:
 * exit 0 when no finding reaches the {@code --fail-on} severity (default error), 1 when one does, 2
 * when the input cannot be read (malformed YAML: {@code file:line: message} on stderr, no stack
 * trace). DIR holds any of a Helm chart (DIR may be the chart itself), Compose files, Kubernetes YAML
 * or a kustomization, and gateway configuration. Kept free of cluster classes so that it starts fast.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates the Helm chart, Kubernetes manifests, Compose/stack files and gateway configuration (nginx, Traefik) under DIR.")
public final class ValidateCommand implements Callable<Integer> {
    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int UNREADABLE = 2;

    /** What one invocation asks for. */
    public record Options(Formats.Format format, Severity failOn, List<Path> values, List<String> sets) {
        public static Options of(Formats.Format format) {
            return new Options(format, Severity.ERROR, List.of(), List.of());
        }
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "manifests directory (or a Helm chart directory)")
    Path dir;

    @Option(names = "--format", defaultValue = "text", description = "text, json, junit or sarif (default: ${DEFAULT-VALUE})")
    Formats.Format format;

    @Option(names = {"--values", "-f"}, paramLabel = "FILE", description = "Helm values file (repeatable; later ones win)")
    List<Path> values = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Helm value (repeatable), as helm --set")
    List<String> sets = new ArrayList<>();

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "SEVERITY",
            description = "lowest severity that makes the exit code 1: error, warning or info (default: ${DEFAULT-VALUE})")
    String failOn;

    @Override
    public Integer call() {
        return run(dir, new Options(format, Severity.parse(failOn), values, sets), System.out, System.err);
    }

    /**
     * The common invocations parsed by hand: building picocli's model costs about a second at startup
     * (its reflection probes for Groovy closures load Groovy from the shaded jar). Returns null when the
     * arguments need picocli (help, errors, anything else).
     */
    static Integer fastRun(String[] args) {
        Path dir = null;
        Formats.Format format = Formats.Format.text;
        Severity failOn = Severity.ERROR;
        List<Path> values = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String name = a.contains("=") && a.startsWith("--") ? a.substring(0, a.indexOf('=')) : a;
                String inline = a.contains("=") && a.startsWith("--") ? a.substring(a.indexOf('=') + 1) : null;
                switch (name) {
                    case "--format", "--values", "-f", "--set", "--fail-on" -> {
                        String v = inline != null ? inline : i + 1 < args.length ? args[++i] : null;
                        if (v == null) return null;
                        switch (name) {
                            case "--format" -> format = Formats.Format.valueOf(v);
                            case "--fail-on" -> failOn = Severity.parse(v);
                            case "--set" -> sets.add(v);
                            default -> values.add(Path.of(v));
                        }
                    }
                    default -> {
                        if (a.startsWith("-") || dir != null) return null;
                        dir = Path.of(a);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return dir == null ? null : run(dir, new Options(format, failOn, values, sets), System.out, System.err);
    }

    public static int run(Path dir, Formats.Format format, PrintStream out, PrintStream err) {
        return run(dir, Options.of(format), out, err);
    }

    public static int run(Path dir, Options options, PrintStream out, PrintStream err) {
        ValidationResult result;
        try {
            if (Files.isRegularFile(dir)) dir = dir.toAbsolutePath().getParent();
            Settings settings = Settings.fromEnvironment();
            List<Path> values = new ArrayList<>(settings.helmValues());
            values.addAll(options.values());
            List<String> sets = new ArrayList<>(settings.helmSet());
            sets.addAll(options.sets());
            LoadOptions load = new LoadOptions(values, sets, settings.environment());
            result = StandardRules.validator().validate(Manifests.load(dir, load));
        } catch (ManifestException e) {
            err.println(e.oneLine());
            return UNREADABLE;
        } catch (RuntimeException e) {
            err.println(dir + ": cannot validate: " + e);
            return UNREADABLE;
        }
        for (String note : result.notes()) err.println("note: " + note);
        out.print(Formats.render(result, options.format()));
        out.flush();
        return result.failsAt(options.failOn()) ? FINDINGS : CLEAN;
    }
}
