package dev.menderharness.junit;

import dev.menderharness.support.SecretMasker;
import org.opentest4j.TestAbortedException;

/**
 * A test failure whose message quoted a secret (a CLI's stderr, a URL with a password), as it is
 * reported instead: same message and stack trace, masked; the original class named in front. The
 * cause is left out, its message being unmasked too.
 */
final class MaskedFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private MaskedFailure(String message) {
        super(message);
    }

    /** {@code failure} itself when nothing in its messages needs masking, else its masked copy. */
    static Throwable of(Throwable failure) {
        String text = describe(failure);
        String masked = SecretMasker.mask(text);
        if (masked.equals(text)) return failure;
        if (failure instanceof TestAbortedException) { // still an abort, not a failure
            TestAbortedException abort = new TestAbortedException(SecretMasker.mask(failure.getMessage()));
            abort.setStackTrace(failure.getStackTrace());
            return abort;
        }
        MaskedFailure copy = new MaskedFailure(masked);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** The failure and its causes as a person reads them: "Class: message; caused by Class: message". */
    private static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (out.length() > 0) out.append("; caused by ");
            out.append(t.getClass().getName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) break;
        }
        return out.toString();
    }
}
