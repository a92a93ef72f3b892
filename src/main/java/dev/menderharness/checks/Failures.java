package dev.menderharness.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every failed expectation of a check before failing, so one run names all broken wiring
 * at once (like AssertJ soft assertions, without putting AssertJ on the product's class path).
 */
public final class Failures {

    private final String check;
    private final List<String> messages = new ArrayList<>();

    public Failures(String check) {
        this.check = check;
    }

    public void add(String message) {
        messages.add(message);
    }

    public void check(boolean ok, String message) {
        if (!ok) {
            add(message);
        }
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Throws one AssertionError listing every failure, one per line; does nothing when none. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            StringBuilder sb = new StringBuilder(check).append(" failed (").append(messages.size()).append("):");
            for (String m : messages) {
                sb.append("\n  - ").append(m);
            }
            throw new AssertionError(dev.menderharness.support.SecretMasker.mask(sb.toString()));
        }
    }
}
