package dev.menderharness.support;

import java.util.concurrent.Callable;

/** {@link Reporter#console()}: {@code [harness] message} lines on stdout, masked. */
final class ConsoleReporter implements Reporter {

    static final ConsoleReporter INSTANCE = new ConsoleReporter();

    private ConsoleReporter() {
    }

    @Override
    public void progress(String message) {
        System.out.println("[harness] " + SecretMasker.mask(message));
    }

    @Override
    public <T> T step(String name, Callable<T> body) {
        Stopwatch watch = Stopwatch.start();
        boolean done = false;
        try {
            T result = body.call();
            done = true;
            return result;
        } catch (Exception e) {
            throw Exceptions.sneaky(e);
        } finally {
            progress(stepLine(name, watch.seconds(), !done));
        }
    }

    /** A log read top to bottom must not show the step that broke a check as one that was done. */
    private static String stepLine(String name, double seconds, boolean failed) {
        return failed ? String.format("%s: FAILED after %.1fs", name, seconds) : String.format("%s (%.1fs)", name, seconds);
    }

    @Override
    public void attach(String title, String text) {
        // the console shows progress only; attachments belong to a report
    }

    @Override
    public void attachJson(String title, String json) {
        // as attach
    }
}
