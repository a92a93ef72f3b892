package dev.menderharness.checks;

import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** A Reporter that keeps what it was told, for tests: progress lines, step names, attachments (title and text). */
public final class RecordingReporter implements Reporter {

    public record Attachment(String title, String text, boolean json) {
    }

    public final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    public final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    public final List<Attachment> attachments = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public <T> T step(String name, Callable<T> body) {
        steps.add(name);
        try {
            return body.call();
        } catch (Exception e) {
            throw Exceptions.sneaky(e);
        }
    }

    @Override
    public void attach(String title, String text) {
        attachments.add(new Attachment(title, text, false));
    }

    @Override
    public void attachJson(String title, String json) {
        attachments.add(new Attachment(title, json, true));
    }

    /** Everything attached, one text: what a report would show. */
    public String allAttached() {
        StringBuilder sb = new StringBuilder();
        synchronized (attachments) {
            attachments.forEach(a -> sb.append("== ").append(a.title()).append('\n').append(a.text()).append('\n'));
        }
        return sb.toString();
    }
}
