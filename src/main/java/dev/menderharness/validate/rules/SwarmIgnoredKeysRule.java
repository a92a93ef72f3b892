package dev.menderharness.validate.rules;

import dev.menderharness.manifest.SwarmService;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker stack deploy} silently ignores these compose keys: the stack then runs without what
 * the author meant (no restart policy, no build, no ordering). Each one is a warning in a stack
 * file, with the Swarm way of saying it where there is one; in a Compose project
 * ({@code docker-compose.yml}), which {@code docker compose} runs as written, it is info.
 */
public final class SwarmIgnoredKeysRule implements Rule {
    static final Map<String, String> IGNORED = new LinkedHashMap<>();

    static {
        IGNORED.put("build", "build the image beforehand and reference it by tag");
        IGNORED.put("restart", "use deploy.restart_policy");
        IGNORED.put("container_name", "services are reached by service name or network alias");
        IGNORED.put("privileged", "Swarm services cannot run privileged");
        IGNORED.put("depends_on", "Swarm starts services in no order; make services retry their dependencies");
        IGNORED.put("links", "use a shared network and the service name or an alias");
        IGNORED.put("external_links", "use a shared network and the service name or an alias");
        IGNORED.put("cap_add", "not applied by docker stack deploy");
        IGNORED.put("cap_drop", "not applied by docker stack deploy");
        IGNORED.put("cgroup_parent", null);
        IGNORED.put("devices", null);
        IGNORED.put("network_mode", "attach the service to stack networks");
        IGNORED.put("security_opt", null);
        IGNORED.put("userns_mode", null);
        IGNORED.put("volumes_from", "use named volumes");
        IGNORED.put("mem_limit", "use deploy.resources.limits.memory");
        IGNORED.put("memswap_limit", null);
        IGNORED.put("mem_reservation", "use deploy.resources.reservations.memory");
        IGNORED.put("cpus", "use deploy.resources.limits.cpus");
        IGNORED.put("cpu_shares", null);
        IGNORED.put("cpu_quota", null);
        IGNORED.put("cpuset", null);
        IGNORED.put("shm_size", null);
        IGNORED.put("pid", null);
        IGNORED.put("ipc", null);
    }

    @Override
    public String id() { return "swarm-ignored-keys"; }

    @Override
    public String description() { return "stack files use no service keys that docker stack deploy ignores (build, restart, container_name, privileged, depends_on, links, cap_add, ...)"; }

    @Override
    public void check(RuleContext ctx) {
        if (ctx.manifests().swarmRaw() == null) return;
        for (SwarmService s : ctx.manifests().swarmRaw().services().values()) {
            ctx.examined(s.name());
            for (String key : s.node().entries().keySet()) {
                if (!IGNORED.containsKey(key)) continue;
                String hint = IGNORED.get(key);
                String text = "'" + key + "' is ignored by docker stack deploy" + (hint == null ? "" : "; " + hint);
                if (ctx.manifests().swarmRaw().composeProject()) {
                    // docker compose honours it; only a Swarm deploy of the project (the harness's too) goes without it.
                    ctx.info(s.node().keyNode(key).source(), s.name(), text + " (docker compose honours it)");
                } else {
                    ctx.warning(s.node().keyNode(key).source(), s.name(), text);
                }
            }
        }
    }
}
