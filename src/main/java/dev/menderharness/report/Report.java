package dev.menderharness.report;

import java.util.concurrent.Callable;

/**
 * Transitional: the static form of {@link AllureReporter}, while callers move to a
 * {@link dev.menderharness.support.Reporter} they are given. Removed once nobody calls it.
 */
public final class Report {

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private Report() {
    }

    public static void step(String name, Step body) {
        AllureReporter.INSTANCE.step(name, body::run);
    }

    public static <T> T step(String name, Callable<T> body) {
        return AllureReporter.INSTANCE.step(name, body);
    }

    public static void attach(String title, String text) {
        AllureReporter.INSTANCE.attach(title, text);
    }

    public static void attachJson(String title, String json) {
        AllureReporter.INSTANCE.attachJson(title, json);
    }

    public static void progress(String message) {
        AllureReporter.INSTANCE.progress(message);
    }
}
