package dev.menderharness.validate;

/** ERROR findings make {@code validate} exit 1; WARNINGs are printed only. */
public enum Severity {
    ERROR, WARNING;

    public String lower() { return name().toLowerCase(); }
}
