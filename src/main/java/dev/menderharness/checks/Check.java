package dev.menderharness.checks;

/**
 * One live check of a deployed stack. A check is constructed with everything that decides its
 * verdict (its limits, with today's values as a {@code DEFAULT} constant, and inputs such as a user
 * JWT or the component it works on) and then run against the stack and reporter of a
 * {@link CheckContext}. It returns what it measured, or throws a {@link CheckFailure} naming why it
 * failed. Checks never write files: a result that has numbers worth keeping says so through
 * {@link CheckResult#benchmark()}, and the caller records them.
 *
 * <pre>{@code
 * KillReplicaCheck.Result r = checks.run(new KillReplicaCheck(jwt, MenderComponent.DEPLOYMENTS, KillReplicaCheck.Limits.DEFAULT));
 * }</pre>
 */
@FunctionalInterface
public interface Check<R extends CheckResult> {

    R run(CheckContext context);
}
