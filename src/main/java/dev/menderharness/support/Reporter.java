package dev.menderharness.support;

import java.util.concurrent.Callable;

/**
 * Where the harness tells what it does: progress lines for the log, named steps and attachments for
 * the report. Lower layers are given one and call it; which report it feeds (Allure under JUnit,
 * the console under the CLI) is decided at the top. Implementations mask every text ({@link SecretMasker}).
 */
public interface Reporter {

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** One line of progress for a person watching the run. */
    void progress(String message);

    /** Runs {@code body} as a named step; its failure is the step's failure and is rethrown unchanged. */
    <T> T step(String name, Callable<T> body);

    default void step(String name, Step body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    void attach(String title, String text);

    void attachJson(String title, String json);

    /** Progress lines on stdout, steps timed in them, attachments dropped: the CLI's reporter. */
    static Reporter console() {
        return ConsoleReporter.INSTANCE;
    }
}
