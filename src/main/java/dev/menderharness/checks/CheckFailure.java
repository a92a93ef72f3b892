package dev.menderharness.checks;

import dev.menderharness.support.SecretMasker;
import java.util.List;
import java.util.Optional;

/**
 * A check's verdict "failed": an {@link AssertionError} (test frameworks report it as a failed
 * assertion) with a reason code in UPPER_SNAKE case, e.g. {@code REPLICA_NOT_REPLACED}, so tests of
 * broken variants can ask why a check failed without parsing its message. The message is for a
 * person: what broke and where to look; it is masked ({@link SecretMasker}) when the failure is made.
 *
 * <p>A check that collected several failures ({@link Failures}) carries every distinct code in
 * {@link #reasons()}, in the order they were found; {@link #reason()} is the first. A check that had
 * measured something before it failed may attach that result ({@link #withMeasured}), so its
 * numbers are still recorded.
 */
public class CheckFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final List<String> reasons;
    private final transient CheckResult measured;

    public CheckFailure(String reason, String message) {
        this(List.of(reason), message, null, null);
    }

    public CheckFailure(String reason, String message, Throwable cause) {
        this(List.of(reason), message, cause, null);
    }

    /** Several reasons, the first being the main one (see {@link Failures}). */
    public CheckFailure(List<String> reasons, String message) {
        this(reasons, message, null, null);
    }

    private CheckFailure(List<String> reasons, String message, Throwable cause, CheckResult measured) {
        super(SecretMasker.mask(message), cause);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a check failure needs a reason code");
        }
        for (String r : reasons) {
            if (r == null || !r.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
                throw new IllegalArgumentException("reason code '" + r + "' is not UPPER_SNAKE case");
            }
        }
        this.reasons = List.copyOf(reasons.stream().distinct().toList());
        this.measured = measured;
    }

    /** The main reason code: why the check failed, in one word. */
    public String reason() {
        return reasons.get(0);
    }

    /** Every distinct reason code, the main one first. */
    public List<String> reasons() {
        return reasons;
    }

    /** What the check had measured when it failed, if it says. */
    public Optional<CheckResult> measured() {
        return Optional.ofNullable(measured);
    }

    /** The same failure (reasons, message, cause, stack trace) carrying what the check had measured. */
    public CheckFailure withMeasured(CheckResult result) {
        CheckFailure f = new CheckFailure(reasons, getMessage(), getCause(), result);
        f.setStackTrace(getStackTrace());
        return f;
    }

    @Override
    public String toString() {
        return getClass().getName() + " [" + reason() + "]: " + getMessage();
    }
}
