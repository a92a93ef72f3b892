package dev.menderharness.support;

/** Small helpers for the messages and rethrows the harness needs in several layers. */
public final class Exceptions {

    private Exceptions() {
    }

    /** Throws {@code t} as it is (checked or not); declared to return so callers can write {@code throw sneaky(t)}. */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** The first line of {@code text}, or "no detail"; masked (these lines go to people: consoles, reports). */
    public static String firstLine(String text) {
        if (text == null || text.isBlank()) return "no detail";
        String s = text.strip();
        int nl = s.indexOf('\n');
        return SecretMasker.mask(nl < 0 ? s : s.substring(0, nl).strip());
    }

    /** The first line of the outermost message in the cause chain; the class name when none has one. */
    public static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return firstLine(t.getMessage());
        }
        return e.getClass().getSimpleName();
    }

    /** The first line of the innermost message in the cause chain (the root reason). */
    public static String rootLine(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) m = t.getMessage();
        }
        return m == null ? e.getClass().getSimpleName() : firstLine(m);
    }
}
