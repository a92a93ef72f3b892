package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class TranscriptReporterTest {

    /** Records what reaches it. */
    static final class Recording implements Reporter {
        final List<String> progress = new ArrayList<>();

        @Override
        public void progress(String message) {
            progress.add(message);
        }

        @Override
        public <T> T step(String name, Callable<T> body) {
            try {
                return body.call();
            } catch (Exception e) {
                throw Exceptions.sneaky(e);
            }
        }

        @Override
        public void attach(String title, String text) {
        }

        @Override
        public void attachJson(String title, String json) {
        }
    }

    @Test
    void keepsTheLinesUntilStoppedAndPassesEveryLineOn() {
        Recording downstream = new Recording();
        TranscriptReporter transcript = new TranscriptReporter(downstream);
        transcript.progress("nodes up");
        transcript.progress("stack ready");
        assertThat(transcript.stop()).isEqualTo("nodes up\nstack ready");
        transcript.progress("applied a variant");
        assertThat(transcript.stop()).isEqualTo("nodes up\nstack ready");
        assertThat(downstream.progress).containsExactly("nodes up", "stack ready", "applied a variant");
    }

    @Test
    void keptLinesAreMasked() {
        TranscriptReporter transcript = new TranscriptReporter(new Recording());
        transcript.progress("mongo at mongodb://root:hunter2secret@mender-mongo:27017");
        assertThat(transcript.stop()).doesNotContain("hunter2secret").contains("mender-mongo:27017");
    }
}
