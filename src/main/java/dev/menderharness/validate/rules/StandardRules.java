package dev.menderharness.validate.rules;

import dev.menderharness.validate.Rule;
import dev.menderharness.validate.Validator;
import java.util.List;

/** The harness's rules, in the order they run. */
public final class StandardRules {

    private StandardRules() {
    }

    public static List<Rule> all() {
        return List.of(new SchemaRule(), new ServiceSelectorRule(), new TargetPortRule(), new AddressReferenceRule(), new DnsNameRule(),
                new RestartPolicyRule(), new HealthPathRule(), new ImagePinnedRule(), new EnvKeyRule(),
                new SharedSecretRule(), new SwarmIgnoredKeysRule(), new GatewayRoutesRule(), new ParityRule(), new HelmValuesRule());
    }

    /** A validator running every standard rule. */
    public static Validator validator() {
        return new Validator(all());
    }
}
