package dev.menderharness.manifest;

import java.util.regex.Pattern;

/**
 * A user's regular expression (nginx {@code location ~}, Traefik {@code PathRegexp}) matched against
 * a request path with a bound on its work: java.util.regex backtracks, and a pattern such as
 * {@code ^(/?[a-z]*)*x$} takes exponential time on a path it nearly matches. The text counts the
 * characters the matcher reads and gives up after {@link InputLimits#MAX_REGEX_STEPS}.
 */
final class BoundedRegex {
    private BoundedRegex() {
    }

    /** The matcher read more characters than the limit allows. */
    static final class TooExpensive extends RuntimeException {
        TooExpensive() {
            super("more than " + InputLimits.MAX_REGEX_STEPS + " steps", null, false, false);
        }
    }

    /** Longest pattern compiled: a route's regex is a line, not a program. */
    static final int MAX_PATTERN_LENGTH = 4096;

    /**
     * Compiles a user's pattern; one longer than {@link #MAX_PATTERN_LENGTH} or with groups nested
     * deeper than {@link InputLimits#MAX_NESTING} (Pattern's compiler recurses per group) is refused
     * as a {@link java.util.regex.PatternSyntaxException}, as an invalid one is.
     */
    static Pattern compile(String regex, int flags) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new java.util.regex.PatternSyntaxException("longer than " + MAX_PATTERN_LENGTH + " characters", regex.substring(0, 40) + "...", -1);
        }
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(' && ++depth > InputLimits.MAX_NESTING) {
                throw new java.util.regex.PatternSyntaxException("groups nested more than " + InputLimits.MAX_NESTING + " deep", regex, i);
            } else if (c == ')') {
                depth--;
            }
        }
        return Pattern.compile(regex, flags);
    }

    /** {@code pattern.matcher(text).find()}, or {@link TooExpensive}. */
    static boolean find(Pattern pattern, String text) {
        return pattern.matcher(new Counted(text, new long[1])).find();
    }

    /** A message for a pattern that was too expensive on {@code path}. */
    static String message(String pattern, String path) {
        return "regular expression " + pattern + " backtracks too much to be judged (more than " + InputLimits.MAX_REGEX_STEPS
                + " steps on " + path + "); simplify it";
    }

    private record Counted(String text, long[] reads) implements CharSequence {
        @Override
        public int length() { return text.length(); }

        @Override
        public char charAt(int index) {
            if (++reads[0] > InputLimits.MAX_REGEX_STEPS) throw new TooExpensive();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) { return new Counted(text.substring(start, end), reads); }

        @Override
        public String toString() { return text; }
    }
}
