package dev.menderharness.validate.rules;

import dev.menderharness.contract.ComponentContract;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.contract.MenderContract;
import dev.menderharness.manifest.Probe;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.Optional;

/**
 * Probes and healthchecks of Mender services must use the paths the binaries serve (contract §3):
 * {@code /api/internal/v1/<svc>/alive|health} with deviceauth's prefix {@code devauth}, workflows
 * {@code /status} and {@code /api/v1/health}. A wrong path makes every pod "unhealthy" forever.
 */
public final class HealthPathRule implements Rule {
    @Override
    public String id() { return "health-path"; }

    @Override
    public String description() { return "probes/healthchecks of Mender services use the real alive/health paths (deviceauth's is devauth)"; }

    @Override
    public void check(RuleContext ctx) {
        for (Instance i : Instance.all(ctx.manifests())) {
            Optional<ComponentContract> c = MenderContract.forService(i.image(), i.command());
            if (c.isEmpty()) continue;
            ctx.examined(i.resource());
            for (Probe p : i.probes()) {
                String path = p.path().contains("?") ? p.path().substring(0, p.path().indexOf('?')) : p.path();
                if (c.get().healthPaths().isEmpty()) {
                    if (c.get().component() == MenderComponent.WORKFLOWS_WORKER) {
                        ctx.error(p.source(), i.resource(), p.kind() + " probes " + path + " but the workflows worker serves no HTTP");
                    }
                    continue;
                }
                if (c.get().healthPaths().contains(path)) continue;
                String suggestion = EditDistance.closest(path, c.get().healthPaths(), 12)
                        .map(s -> "; did you mean " + s + "?").orElse("");
                ctx.error(p.source(), i.resource(), p.kind() + " path " + path + " is not a health path "
                        + c.get().component().name().toLowerCase() + " serves" + suggestion
                        + " (real: " + String.join(", ", c.get().healthPaths().stream().sorted().toList()) + ")");
            }
        }
    }
}
