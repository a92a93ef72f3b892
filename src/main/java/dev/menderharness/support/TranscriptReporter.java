package dev.menderharness.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A {@link Reporter} that passes everything on and keeps the progress lines said through it until
 * {@link #stop()}: the bring-up's own log, for the report's bring-up fixture, where a person looks
 * first when a bring-up failed. Lines stop being kept at {@link #stop()} (the reporter lives on with
 * the cluster it was given to).
 */
public final class TranscriptReporter implements Reporter {

    private final Reporter delegate;
    private final List<String> lines = new ArrayList<>();
    private boolean recording = true;

    public TranscriptReporter(Reporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void progress(String message) {
        synchronized (lines) {
            if (recording) lines.add(SecretMasker.mask(message));
        }
        delegate.progress(message);
    }

    @Override
    public <T> T step(String name, Callable<T> body) {
        return delegate.step(name, body);
    }

    @Override
    public void attach(String title, String text) {
        delegate.attach(title, text);
    }

    @Override
    public void attachJson(String title, String json) {
        delegate.attachJson(title, json);
    }

    /** The lines kept so far, one per line; no more are kept after this. */
    public String stop() {
        synchronized (lines) {
            recording = false;
            return String.join("\n", lines);
        }
    }
}
