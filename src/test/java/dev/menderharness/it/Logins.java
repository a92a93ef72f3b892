package dev.menderharness.it;

import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.junit.CheckRunner;

/** A fresh management user per test class, logged in through the gateway. */
final class Logins {

    private Logins() {
    }

    static String newUserJwt(CheckRunner checks) {
        CheckContext context = checks.context();
        MenderUsers.Credentials user = MenderUsers.createRandom(context);
        return MenderApiClient.gateway(context).login(user.username(), user.password());
    }
}
