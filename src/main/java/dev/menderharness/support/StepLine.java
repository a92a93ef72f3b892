package dev.menderharness.support;

/**
 * The progress line a finished step leaves: its name and time, and FAILED when its body threw. A log
 * read top to bottom must not show the step that broke a check as one that was done.
 */
public final class StepLine {

    private StepLine() {
    }

    public static String of(String name, double seconds, boolean failed) {
        return failed ? String.format("%s: FAILED after %.1fs", name, seconds) : String.format("%s (%.1fs)", name, seconds);
    }
}
