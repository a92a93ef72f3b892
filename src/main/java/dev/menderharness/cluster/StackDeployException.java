package dev.menderharness.cluster;

/**
 * A stack that was deployed but did not become ready: the message says why in one line, and the
 * diagnostics collected at that moment travel with it, so the caller (test session, CLI) can record
 * them where its report lives. The stack is left in place for inspection; its cluster removes it.
 */
public final class StackDeployException extends IllegalStateException {

    private final transient Diagnostics diagnostics;

    public StackDeployException(String message, Diagnostics diagnostics, Throwable cause) {
        super(message, cause);
        this.diagnostics = diagnostics;
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
