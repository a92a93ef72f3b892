package dev.menderharness.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.RecordingReporter;
import org.junit.jupiter.api.Test;

class TranscriptReporterTest {

    @Test
    void keepsTheLinesUntilStoppedAndPassesEveryLineOn() {
        RecordingReporter downstream = new RecordingReporter();
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
        TranscriptReporter transcript = new TranscriptReporter(new RecordingReporter());
        transcript.progress("mongo at mongodb://root:hunter2secret@mender-mongo:27017");
        assertThat(transcript.stop()).doesNotContain("hunter2secret").contains("mender-mongo:27017");
    }
}
