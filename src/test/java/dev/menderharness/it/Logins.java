package dev.menderharness.it;

import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.cluster.RunningStack;

/** A fresh management user per test class, logged in through the gateway. */
final class Logins {

    private Logins() {
    }

    static String newUserJwt(RunningStack stack) {
        MenderUsers.Credentials user = MenderUsers.createRandom(stack);
        return MenderApiClient.of(stack.gateway().https()).login(user.username(), user.password());
    }
}
