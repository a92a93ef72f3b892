package dev.menderharness.validate.rules;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.MenderContract;
import dev.menderharness.manifest.EnvVar;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.Optional;

/**
 * Mender services read env keys through viper with a fixed prefix; a key they do not read is
 * silently ignored and the code default is used instead (compose's {@code DEVICECONNECT_NATS_URL},
 * {@code WOKRFLOWS_MENDER_URL}). A key "meant for Mender" is one whose prefix is, or is within two
 * edits of, a Mender prefix; such a key that the service does not read is reported with the closest
 * key it does read.
 */
public final class EnvKeyRule implements Rule {
    @Override
    public String id() { return "env-key"; }

    @Override
    public String description() { return "Mender env keys are keys the service reads; misspelled keys are reported with the closest real key"; }

    @Override
    public void check(RuleContext ctx) {
        for (Instance i : Instance.all(ctx.manifests())) {
            Optional<ComponentContract> c = MenderContract.forService(i.image(), i.command());
            if (c.isEmpty() || c.get().envKeys().isEmpty()) continue;
            ctx.examined(i.resource());
            for (EnvVar v : i.env()) {
                if (c.get().envKeys().contains(v.key()) || !meantForMender(v.key())) continue;
                int max = Math.max(3, v.key().length() / 4);
                String suggestion = EditDistance.closest(v.key(), c.get().envKeys(), max)
                        .map(s -> "; did you mean " + s + "?").orElse("");
                ctx.error(v.source(), i.resource(), "env key " + v.key() + " is not read by "
                        + c.get().component().name().toLowerCase() + suggestion);
            }
        }
    }

    static boolean meantForMender(String key) {
        for (String prefix : MenderContract.prefixes()) {
            if (key.startsWith(prefix + "_")) return true;
            int cut = key.indexOf('_');
            // Compare the same number of leading segments as the prefix has (IOT_MANAGER has two).
            int segments = prefix.split("_").length;
            int end = -1;
            for (int s = 0, from = 0; s < segments; s++) {
                end = key.indexOf('_', from);
                if (end < 0) break;
                from = end + 1;
            }
            if (cut > 0 && end > 0 && EditDistance.of(key.substring(0, end), prefix) <= 2) return true;
        }
        return false;
    }
}
