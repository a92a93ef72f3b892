package dev.menderharness.manifest;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** envsubst / compose style {@code ${VAR}} and {@code ${VAR:-default}} placeholders. */
public final class Placeholders {
    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)(?::?-([^}]*))?}");

    private Placeholders() {
    }

    public static boolean has(String s) {
        return s != null && VAR.matcher(s).find();
    }

    /** Fills placeholders from {@code env}; falls back to the inline default; unknown ones stay as written. */
    public static String fill(String s, Function<String, String> env) {
        Matcher m = VAR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) v = m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
