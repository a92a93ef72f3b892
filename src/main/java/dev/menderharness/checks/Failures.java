package dev.menderharness.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every failed expectation of a check before failing, so one run names all broken wiring
 * at once (like AssertJ soft assertions, without putting AssertJ on the product's class path). Each
 * expectation has its reason code; the failure thrown carries them all, the first found first.
 */
public final class Failures {

    private record Entry(String reason, String message) {
    }

    private final String check;
    private final List<Entry> entries = new ArrayList<>();

    public Failures(String check) {
        this.check = check;
    }

    public void add(String reason, String message) {
        entries.add(new Entry(reason, message));
    }

    public void check(boolean ok, String reason, String message) {
        if (!ok) {
            add(reason, message);
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> messages() {
        return entries.stream().map(Entry::message).toList();
    }

    public List<String> reasons() {
        return entries.stream().map(Entry::reason).distinct().toList();
    }

    /** Throws one {@link CheckFailure} listing every failure, one per line; does nothing when none. */
    public void throwIfAny() {
        CheckFailure f = failure();
        if (f != null) {
            throw f;
        }
    }

    /** As {@link #throwIfAny()}, the failure carrying what the check measured. */
    public void throwIfAny(CheckResult measured) {
        CheckFailure f = failure();
        if (f != null) {
            throw f.withMeasured(measured);
        }
    }

    private CheckFailure failure() {
        if (entries.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(check).append(" failed (").append(entries.size()).append("):");
        for (Entry e : entries) {
            sb.append("\n  - ").append(e.message());
        }
        return new CheckFailure(reasons(), sb.toString());
    }
}
