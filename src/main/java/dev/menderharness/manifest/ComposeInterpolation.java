package dev.menderharness.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable interpolation, as {@code docker compose config} applies it: {@code $VAR},
 * {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset),
 * {@code ${VAR:?message}} / {@code ${VAR?message}} (required), {@code ${VAR:+alt}} / {@code ${VAR+alt}},
 * defaults that hold further variables, and {@code $$} for a literal {@code $}. Applied to each value
 * after parsing ({@link #value}), as Compose does, so a substituted value can never break the YAML
 * and every value keeps the line it was written on; {@link #apply} does the same to a whole text.
 */
public final class ComposeInterpolation {
    private ComposeInterpolation() {
    }

    /** Reads a {@code .env} file: {@code KEY=VALUE} lines ({@code export}, quotes and comments allowed); missing file: empty. */
    public static Map<String, String> dotEnv(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        dotEnvLines(file).forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /** A {@code .env} value and its 1-based line. */
    public record Line(String value, int line) {
    }

    /** {@link #dotEnv} with the line each value is written on. */
    public static Map<String, Line> dotEnvLines(Path file) {
        Map<String, Line> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ManifestException(file, 0, "cannot read: " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("export ")) l = l.substring(7).strip();
            int eq = l.indexOf('=');
            if (eq <= 0) throw new ManifestException(file, i + 1, "not KEY=VALUE");
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            } else {
                int hash = v.indexOf(" #");
                if (hash >= 0) v = v.substring(0, hash).strip();
            }
            out.put(l.substring(0, eq).strip(), new Line(v, i + 1));
        }
        return out;
    }

    /**
     * Interpolates {@code text} (a compose file); {@code vars} gives a variable's value or null when
     * unset; {@code unset} hears of each variable used without a value or default (Compose warns and
     * uses ""). A missing required variable is a {@link ManifestException} at its line.
     */
    public static String apply(String text, Path file, Function<String, String> vars, Consumer<String> unset) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            String l = lines[i];
            if (l.stripLeading().startsWith("#") || l.indexOf('$') < 0) {
                out.append(l);
                continue;
            }
            out.append(line(l, file, i + 1, vars, unset));
        }
        return out.toString();
    }

    /** Interpolates one scalar value written at {@code file:line} (Compose interpolates values after parsing, comments never). */
    public static String value(String s, Path file, int line, Function<String, String> vars, Consumer<String> unset) {
        return s.indexOf('$') < 0 ? s : line(s, file, line, vars, unset);
    }

    static String line(String s, Path file, int line, Function<String, String> vars, Consumer<String> unset) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i += 2;
            } else if (n == '{') {
                int close = matching(s, i + 1);
                if (close < 0) throw new ManifestException(file, line, "unterminated ${ in '" + s.strip() + "'");
                sb.append(expression(s.substring(i + 2, close), file, line, vars, unset));
                i = close + 1;
            } else if (Character.isLetter(n) || n == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                String name = s.substring(i + 1, j);
                String v = vars.apply(name);
                if (v == null) unset.accept(name + " (" + file.getFileName() + ":" + line + ")");
                sb.append(v == null ? "" : v);
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return j;
        }
        return -1;
    }

    private static String expression(String expr, Path file, int line, Function<String, String> vars, Consumer<String> unset) {
        int j = 0;
        while (j < expr.length() && (Character.isLetterOrDigit(expr.charAt(j)) || expr.charAt(j) == '_')) j++;
        String name = expr.substring(0, j);
        if (name.isEmpty()) throw new ManifestException(file, line, "invalid interpolation ${" + expr + "}");
        String op = expr.substring(j);
        String v = vars.apply(name);
        if (op.isEmpty()) {
            if (v == null) unset.accept(name + " (" + file.getFileName() + ":" + line + ")");
            return v == null ? "" : v;
        }
        boolean colon = op.startsWith(":");
        String kind = colon ? op.substring(1, Math.min(2, op.length())) : op.substring(0, 1);
        String arg = op.substring(colon ? 2 : 1);
        boolean missing = v == null || colon && v.isEmpty();
        return switch (kind) {
            case "-" -> missing ? line(arg, file, line, vars, unset) : v;
            case "+" -> missing ? "" : line(arg, file, line, vars, unset);
            case "?" -> {
                if (missing) {
                    throw new ManifestException(file, line, "required variable " + name + " is missing a value"
                            + (arg.isEmpty() ? "" : ": " + line(arg, file, line, vars, unset)));
                }
                yield v;
            }
            default -> throw new ManifestException(file, line, "invalid interpolation ${" + expr + "}");
        };
    }
}
