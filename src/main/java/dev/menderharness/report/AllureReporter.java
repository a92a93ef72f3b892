package dev.menderharness.report;

import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import io.qameta.allure.Allure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The reporter of test runs: steps and attachments go to Allure, every text masked, and each step
 * and progress line is echoed on stdout so CI logs and the report tell the same story.
 */
public final class AllureReporter implements Reporter {

    public static final AllureReporter INSTANCE = new AllureReporter();

    private AllureReporter() {
    }

    @Override
    public void progress(String message) {
        Reporter.console().progress(message);
    }

    /** The console reporter's timed step line, around Allure's step: one place decides how a step is logged. */
    @Override
    public <T> T step(String name, Callable<T> body) {
        return Reporter.console().step(name, () -> Allure.step(SecretMasker.mask(name), body::call));
    }

    @Override
    public void attach(String title, String text) {
        Allure.addAttachment(SecretMasker.mask(title), "text/plain", SecretMasker.mask(text), ".txt");
    }

    /** An SVG image (a benchmark chart), shown inline in the report. */
    public void attachSvg(String title, String svg) {
        Allure.addAttachment(SecretMasker.mask(title), "image/svg+xml",
                new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)), ".svg");
    }

    @Override
    public void attachJson(String title, String json) {
        Allure.addAttachment(SecretMasker.mask(title), "application/json",
                new ByteArrayInputStream(SecretMasker.mask(json).getBytes(StandardCharsets.UTF_8)), ".json");
    }
}
