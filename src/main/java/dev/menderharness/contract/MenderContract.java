package dev.menderharness.contract;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mender's facts as code: the env keys each service reads (from {@link EnvCatalogue}, written from
 * mender-server v4.1.3's configuration code), the default host names it falls back to, its ports and
 * health paths. Source: docs/mender-contract.md (§3 health, §5 names) and mender-server
 * v4.1.3 {@code backend/services/<svc>/config/config.go}.
 */
public final class MenderContract {
    private static final Map<MenderComponent, ComponentContract> CONTRACTS = new LinkedHashMap<>();

    static {
        put(MenderComponent.DEPLOYMENTS, List.of("deployments"),
                Map.of("DEPLOYMENTS_MONGO_URL", "mongodb://mongo-deployments:27017",
                        "DEPLOYMENTS_INVENTORY_ADDR", "http://mender-inventory:8080",
                        "DEPLOYMENTS_MENDER_WORKFLOWS", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("deployments"));
        put(MenderComponent.DEVICEAUTH, List.of("deviceauth"),
                Map.of("DEVICEAUTH_MONGO", "mongo-device-auth",
                        "DEVICEAUTH_INVENTORY_ADDR", "http://mender-inventory:8080/",
                        "DEVICEAUTH_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080/"),
                List.of(), Set.of(8080), internal("devauth"));
        put(MenderComponent.USERADM, List.of("useradm"), Map.of("USERADM_MONGO", "mongo-useradm"), List.of(), Set.of(8080),
                internal("useradm"));
        // INVENTORY_ORCHESTRATOR_ADDR is read only when INVENTORY_ENABLE_REPORTING is true (server.go:104);
        // INVENTORY_DEVICEMONITOR_ADDR is always read but names an enterprise-only service.
        put(MenderComponent.INVENTORY, List.of("inventory"), Map.of("INVENTORY_MONGO", "mongo-inventory:27017"),
                List.of(new ComponentContract.Conditional("INVENTORY_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080",
                        "INVENTORY_ENABLE_REPORTING")),
                Set.of(8080), internal("inventory"));
        Map<String, String> workflowsDefaults = Map.of("WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017",
                "WORKFLOWS_NATS_URI", "nats://mender-nats:4222");
        Set<String> workflowsHealth = Set.of("/status", "/api/v1/health");
        put(MenderComponent.WORKFLOWS, List.of("workflows"), workflowsDefaults, List.of(), Set.of(8080), workflowsHealth);
        put(MenderComponent.WORKFLOWS_WORKER, List.of("workflows", "workflows-worker"), workflowsDefaults, List.of(), Set.of(), Set.of());
        put(MenderComponent.DEVICECONNECT, List.of("deviceconnect"),
                Map.of("DEVICECONNECT_MONGO_URL", "mongodb://mender-mongo:27017", "DEVICECONNECT_NATS_URI", "nats://mender-nats:4222"),
                List.of(), Set.of(8080), internal("deviceconnect"));
        put(MenderComponent.DEVICECONFIG, List.of("deviceconfig"),
                Map.of("DEVICECONFIG_MONGO_URL", "mongodb://mender-mongo:27017",
                        "DEVICECONFIG_WORKFLOWS_URL", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("deviceconfig"));
        put(MenderComponent.IOT_MANAGER, List.of("iot-manager"),
                Map.of("IOT_MANAGER_MONGO_URL", "mongodb://mender-mongo:27017",
                        "IOT_MANAGER_DEVICEAUTH_URL", "http://mender-device-auth:8080",
                        "IOT_MANAGER_WORKFLOWS_URL", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("iot-manager"));
        // The container's main process is `workflows worker`; the create-artifact CLI it runs reads CREATE_ARTIFACT_*.
        put(MenderComponent.CREATE_ARTIFACT_WORKER, List.of("create-artifact-worker", "workflows"),
                Map.of("WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017", "WORKFLOWS_NATS_URI", "nats://mender-nats:4222",
                        "CREATE_ARTIFACT_DEPLOYMENTS_URL", "http://mender-deployments:8080"),
                List.of(), Set.of(), Set.of());
        put(MenderComponent.REPORTING, List.of("reporting"), Map.of(), List.of(), Set.of(8080), internal("reporting"));
        put(MenderComponent.GUI, List.of("gui"), Map.of(), List.of(), Set.of(8090), Set.of());
        put(MenderComponent.MONGO, List.of(), Map.of(), List.of(), Set.of(27017), Set.of());
        put(MenderComponent.NATS, List.of(), Map.of(), List.of(), Set.of(4222, 6222, 8222), Set.of());
        put(MenderComponent.MINIO, List.of(), Map.of(), List.of(), Set.of(9000, 9001),
                Set.of("/minio/health/live", "/minio/health/ready", "/minio/health/cluster"));
        put(MenderComponent.GATEWAY, List.of(), Map.of(), List.of(), Set.of(), Set.of());
        put(MenderComponent.TRAEFIK, List.of(), Map.of(), List.of(), Set.of(), Set.of());
    }

    /**
     * The worker's addresses: inventory/deviceauth/deployments always (provisioning, decommissioning,
     * artifact workflows); deviceconnect/deviceconfig only when HAVE_* is "true". IOT_MANAGER_ADDR is read
     * by provision_device too, but iot-manager is an optional add-on (not in the open-source reference),
     * so its default is not required to resolve; an explicit value is still checked.
     */
    public static final Map<String, String> WORKER_ADDRESS_DEFAULTS = Map.of(
            "DEPLOYMENTS_ADDR", "mender-deployments:8080",
            "DEVICEAUTH_ADDR", "mender-device-auth:8080",
            "INVENTORY_ADDR", "mender-inventory:8080");
    public static final List<ComponentContract.Conditional> WORKER_CONDITIONAL = List.of(
            new ComponentContract.Conditional("DEVICECONNECT_ADDR", "mender-deviceconnect:8080", "HAVE_DEVICECONNECT"),
            new ComponentContract.Conditional("DEVICECONFIG_ADDR", "mender-deviceconfig:8080", "HAVE_DEVICECONFIG"));

    private MenderContract() {
    }

    private static Set<String> internal(String svc) {
        return Set.of("/api/internal/v1/" + svc + "/alive", "/api/internal/v1/" + svc + "/health");
    }

    /** The contract of {@code c}: its env keys are those the catalogue lists for {@code catalogue} (plus the shared Go keys). */
    private static void put(MenderComponent c, List<String> catalogue, Map<String, String> defaults,
                            List<ComponentContract.Conditional> conditional, Set<Integer> ports, Set<String> health) {
        Set<String> keys = new LinkedHashSet<>();
        EnvCatalogue cat = EnvCatalogue.get();
        for (String s : catalogue) keys.addAll(cat.keys(s).keySet());
        if (!catalogue.isEmpty() && c != MenderComponent.GUI) keys.addAll(cat.shared().keySet());
        CONTRACTS.put(c, new ComponentContract(c, Set.copyOf(keys), Map.copyOf(defaults), conditional, Set.copyOf(ports),
                Set.copyOf(health), List.copyOf(catalogue)));
    }

    public static Optional<ComponentContract> of(MenderComponent c) {
        return Optional.ofNullable(CONTRACTS.get(c));
    }

    /**
     * The contract of a service given its image and command: the workflows image runs as the worker
     * when its command says {@code worker} (then it uses the *_ADDR defaults and serves no HTTP).
     */
    public static Optional<ComponentContract> forService(String image, List<String> command) {
        Optional<MenderComponent> c = MenderComponent.ofImage(image);
        if (c.isEmpty()) return Optional.empty();
        if ((c.get() == MenderComponent.WORKFLOWS || c.get() == MenderComponent.WORKFLOWS_WORKER) && isWorker(c.get(), command)) {
            ComponentContract base = CONTRACTS.get(MenderComponent.WORKFLOWS);
            Map<String, String> defaults = new LinkedHashMap<>(base.addressDefaults());
            defaults.putAll(WORKER_ADDRESS_DEFAULTS);
            ComponentContract worker = CONTRACTS.get(MenderComponent.WORKFLOWS_WORKER);
            return Optional.of(new ComponentContract(MenderComponent.WORKFLOWS_WORKER, worker.envKeys(), Map.copyOf(defaults),
                    WORKER_CONDITIONAL, Set.of(), Set.of(), worker.catalogue()));
        }
        return of(c.get());
    }

    private static boolean isWorker(MenderComponent c, List<String> command) {
        return c == MenderComponent.WORKFLOWS_WORKER || command.stream().anyMatch(s -> s.equals("worker"));
    }

    /** Every env prefix a Mender service reads, for spotting keys meant for Mender but misspelled. */
    public static Set<String> prefixes() {
        Set<String> out = new LinkedHashSet<>();
        for (MenderComponent c : MenderComponent.values()) if (c.envPrefix() != null && !c.envPrefix().equals("MINIO")) out.add(c.envPrefix());
        return out;
    }
}
