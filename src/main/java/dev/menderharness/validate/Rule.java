package dev.menderharness.validate;

/** One validation rule: a stable id (used in reports and suppressions) and the check itself. */
public interface Rule {
    String id();

    /** One sentence: what the rule checks. */
    String description();

    void check(RuleContext ctx);
}
