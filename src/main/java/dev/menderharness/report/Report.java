package dev.menderharness.report;

import io.qameta.allure.Allure;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Allure steps and attachments for the harness, with every text masked by {@link SecretMasker}
 * and echoed as a progress line, so CI logs and the report tell the same story.
 */
public final class Report {

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private Report() {
    }

    public static void step(String name, Step body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    public static <T> T step(String name, Callable<T> body) {
        long start = System.nanoTime();
        try {
            return Allure.step(SecretMasker.mask(name), body::call);
        } finally {
            progress(String.format("%s (%.1fs)", name, (System.nanoTime() - start) / 1e9));
        }
    }

    public static void attach(String title, String text) {
        Allure.addAttachment(title, "text/plain", SecretMasker.mask(text), ".txt");
    }

    public static void attachJson(String title, String json) {
        Allure.addAttachment(title, "application/json",
                new java.io.ByteArrayInputStream(SecretMasker.mask(json).getBytes(StandardCharsets.UTF_8)), ".json");
    }

    /** One progress line on stdout: {@code [harness] message}, masked. */
    public static void progress(String message) {
        System.out.println("[harness] " + SecretMasker.mask(message));
    }
}
