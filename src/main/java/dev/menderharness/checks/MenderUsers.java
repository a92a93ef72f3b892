package dev.menderharness.checks;

import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates Mender users the only way open-source Mender allows: the useradm CLI inside a useradm
 * replica ({@code useradm create-user --username U --password P}, contract §6 step 1). The useradm
 * service is found by its image, not its name.
 */
public final class MenderUsers {

    public record Credentials(String username, String password) {
    }

    private MenderUsers() {
    }

    /** A user with a unique e-mail name and a random password (registered as a secret). */
    public static Credentials createRandom(CheckContext context) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Credentials c = new Credentials("harness-" + id + "@example.com", "pw-" + UUID.randomUUID());
        create(context, c);
        return c;
    }

    public static void create(CheckContext context, Credentials c) {
        SecretMasker.register(c.password());
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        String useradm = StackRoles.serviceName(stack, MenderComponent.USERADM);
        reporter.step("create user " + c.username() + " with the useradm CLI in " + useradm, () -> {
            Optional<ExecResult> r = stack.execInService(useradm,
                    "useradm", "create-user", "--username", c.username(), "--password", c.password());
            if (r.isEmpty()) {
                throw new CheckFailure("USER_NOT_CREATED", "cannot run 'useradm create-user' in service " + useradm
                        + ": the provider could not exec into its replica");
            }
            ExecResult res = r.get();
            reporter.attach("useradm create-user output", "exit " + res.exitCode() + "\n" + res.stdout() + res.stderr());
            if (!res.ok()) {
                throw new CheckFailure("USER_NOT_CREATED", "'useradm create-user' in " + useradm + " exited " + res.exitCode()
                        + ": " + (res.stderr() + res.stdout()).trim());
            }
        });
    }
}
