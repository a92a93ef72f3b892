package dev.menderharness.cli;

import dev.menderharness.manifest.LoadOptions;
import dev.menderharness.manifest.ManifestException;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.support.Exceptions;
import dev.menderharness.support.SecretMasker;
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
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            return unreadable(System.err, "--fail-on " + failOn, Exceptions.firstLine(e));
        }
        return run(dir, new Options(format, threshold, values, sets), System.out, System.err);
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

    /**
     * Validates {@code dir}. Every way the input can fail ends here as exit 2 and one line on
     * {@code err}: a {@link ManifestException} ({@code file:line: message}), any other exception, and
     * the {@code Error}s hostile input could still cause (StackOverflowError, OutOfMemoryError): never
     * a stack trace, never exit 1, which means findings.
     */
    public static int run(Path dir, Options options, PrintStream out, PrintStream err) {
        ValidationResult result;
        String rendered;
        try {
            if (Files.isRegularFile(dir)) dir = dir.toAbsolutePath().getParent();
            Settings settings = Settings.fromEnvironment();
            List<Path> values = new ArrayList<>(settings.helmValues());
            values.addAll(options.values());
            List<String> sets = new ArrayList<>(settings.helmSet());
            sets.addAll(options.sets());
            LoadOptions load = new LoadOptions(values, sets, settings.environment());
            result = StandardRules.validator().validate(Manifests.load(dir, load));
            rendered = Formats.render(result, options.format());
        } catch (ManifestException e) {
            // The location as it is (a file named secrets.yaml is no secret), the message masked.
            return unreadable(err, e.location(), e.getMessage());
        } catch (StackOverflowError e) {
            return unreadable(err, String.valueOf(dir), "cannot validate: input nested too deeply (stack overflow)");
        } catch (OutOfMemoryError e) {
            return unreadable(err, String.valueOf(dir), "cannot validate: out of memory (max heap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB); validate a smaller directory or give java more -Xmx");
        } catch (RuntimeException | Error e) {
            return unreadable(err, String.valueOf(dir), "cannot validate: " + e.getClass().getSimpleName() + ": " + Exceptions.firstLine(e));
        }
        for (String note : result.notes()) err.println("note: " + pathThenMasked(note));
        out.print(rendered);
        out.flush();
        return result.failsAt(options.failOn()) ? FINDINGS : CLEAN;
    }

    /** Exit 2 and one line {@code where: message}: {@code where} (a path, a file named secrets.yaml is no secret) as it is, the message masked. */
    private static int unreadable(PrintStream err, String where, String message) {
        err.println(where.replaceAll("[\\r\\n]+", " ") + ": " + oneLine(message));
        err.flush();
        return UNREADABLE;
    }

    /** A note {@code path: text}: the path kept as it is, the text masked. */
    private static String pathThenMasked(String note) {
        int colon = note.indexOf(": ");
        if (colon <= 0 || note.substring(0, colon).contains(" ")) return oneLine(note);
        return note.substring(0, colon).replaceAll("[\\r\\n]+", " ") + ": " + oneLine(note.substring(colon + 2));
    }

    /** One line, secrets masked: a message quoting the input (a file name, a value) may hold a newline or a secret. */
    static String oneLine(String s) {
        return SecretMasker.mask(s.replaceAll("[\\r\\n\\u2028\\u2029\\u0085]+", " "));
    }
}
