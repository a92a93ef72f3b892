package dev.menderharness.validate;

/**
 * How bad a finding is, as kube-linter grades them. {@code ERROR}: the deployment or a Mender flow
 * breaks; {@code WARNING}: risky or very likely unintended, but it runs; {@code INFO}: worth knowing,
 * nothing to fix. {@code validate} exits 1 for errors only, unless {@code --fail-on} lowers the bar.
 */
public enum Severity {
    ERROR, WARNING, INFO;

    public String lower() { return name().toLowerCase(); }

    /** True when this is at least as severe as {@code threshold}. */
    public boolean atLeast(Severity threshold) { return ordinal() <= threshold.ordinal(); }

    /** {@code error}, {@code warning} or {@code info} (case-insensitive). */
    public static Severity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity '" + s + "': expected error, warning or info");
        }
    }
}
