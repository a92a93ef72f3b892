package dev.menderharness.cli;

import dev.menderharness.manifest.ManifestException;
import dev.menderharness.validate.Formats;
import dev.menderharness.validate.ValidationResult;
import dev.menderharness.validate.rules.StandardRules;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code validate DIR [--format text|json|junit]}: exit 0 clean, 1 with error findings, 2 when the
 * input cannot be read (malformed YAML: {@code file:line: message} on stderr, no stack trace).
 * Kept free of cluster classes so that it starts fast.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validates Kubernetes manifests, Swarm stack files and the nginx gateway configuration under DIR.")
public final class ValidateCommand implements Callable<Integer> {
    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int UNREADABLE = 2;

    @Parameters(index = "0", paramLabel = "DIR", description = "manifests directory")
    Path dir;

    @Option(names = "--format", defaultValue = "text", description = "text, json or junit (default: ${DEFAULT-VALUE})")
    Formats.Format format;

    @Override
    public Integer call() {
        return run(dir, format, System.out, System.err);
    }

    /**
     * The common invocations ({@code DIR [--format F]}) parsed by hand: building picocli's model costs
     * about a second at startup (its reflection probes for Groovy closures load Groovy from the shaded
     * jar). Returns null when the arguments need picocli (help, errors, anything else).
     */
    static Integer fastRun(String[] args) {
        Path dir = null;
        Formats.Format format = Formats.Format.text;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            if (a.equals("--format") && i + 1 < args.length) value = args[++i];
            else if (a.startsWith("--format=")) value = a.substring("--format=".length());
            else if (a.startsWith("-") || dir != null) return null;
            else dir = Path.of(a);
            if (value != null) {
                try {
                    format = Formats.Format.valueOf(value);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return dir == null ? null : run(dir, format, System.out, System.err);
    }

    public static int run(Path dir, Formats.Format format, PrintStream out, PrintStream err) {
        ValidationResult result;
        try {
            result = StandardRules.validator().validate(dir);
        } catch (ManifestException e) {
            err.println(e.oneLine());
            return UNREADABLE;
        } catch (RuntimeException e) {
            err.println(dir + ": cannot validate: " + e);
            return UNREADABLE;
        }
        for (String note : result.notes()) err.println("note: " + note);
        out.print(Formats.render(result, format));
        out.flush();
        return result.hasErrors() ? FINDINGS : CLEAN;
    }
}
