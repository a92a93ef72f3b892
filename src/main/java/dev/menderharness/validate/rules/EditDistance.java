package dev.menderharness.validate.rules;

import java.util.Collection;
import java.util.Optional;

/** Optimal string alignment distance: Levenshtein plus adjacent transposition (WOKRFLOWS is one edit from WORKFLOWS). */
public final class EditDistance {
    private EditDistance() {
    }

    public static int of(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** The candidate closest to {@code word} if it is within {@code max} edits. */
    public static Optional<String> closest(String word, Collection<String> candidates, int max) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int dist = of(word, c);
            if (dist < bestD || dist == bestD && c.compareTo(best) < 0) {
                best = c;
                bestD = dist;
            }
        }
        return bestD <= max ? Optional.ofNullable(best) : Optional.empty();
    }
}
