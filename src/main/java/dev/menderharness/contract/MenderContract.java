package dev.menderharness.contract;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mender's facts as code: the env keys each service reads with their defaults, the default host names
 * it falls back to, its ports and health paths. Source: shared/reference/mender-contract.md (§2 env,
 * §3 health, §5 names) and mender-server 4.x {@code backend/services/<svc>/config/config.go}.
 */
public final class MenderContract {
    private static final List<String> MONGO_OPTS = List.of("MONGO_SSL", "MONGO_SSL_SKIPVERIFY", "MONGO_USERNAME", "MONGO_PASSWORD");
    private static final Map<MenderComponent, ComponentContract> CONTRACTS = new LinkedHashMap<>();

    static {
        put(MenderComponent.DEPLOYMENTS, keys("DEPLOYMENTS", "LISTEN", "HTTPS_CERTIFICATE", "HTTPS_KEY", "MIDDLEWARE",
                        "STORAGE_DEFAULT", "STORAGE_BUCKET", "STORAGE_MAX_IMAGE_SIZE", "STORAGE_MAX_GENERATE_DATA_SIZE",
                        "STORAGE_PROXY_URI", "STORAGE_ENABLE_DIRECT_UPLOAD", "STORAGE_DIRECT_UPLOAD_SKIP_VERIFY",
                        "STORAGE_DOWNLOAD_EXPIRE_SECONDS", "STORAGE_UPLOAD_EXPIRE_SECONDS",
                        "AWS_REGION", "AWS_FORCE_PATH_STYLE", "AWS_USE_ACCELERATE", "AWS_URI", "AWS_EXTERNAL_URI",
                        "AWS_LITERAL_BUCKET_URI", "AWS_UNSIGNED_HEADERS", "AWS_TAG_ARTIFACT", "AWS_AUTH_KEY", "AWS_AUTH_SECRET",
                        "AWS_AUTH_TOKEN", "AWS_BUCKET", "AWS_MAX_IMAGE_SIZE", "AWS_DOWNLOAD_EXPIRE_SECONDS", "AWS_UPLOAD_EXPIRE_SECONDS",
                        "AZURE_AUTH_CONNECTION_STRING", "AZURE_AUTH_SHARED_KEY_ACCOUNT_NAME", "AZURE_AUTH_SHARED_KEY_ACCOUNT_KEY",
                        "AZURE_AUTH_SHARED_KEY_URI", "MONGO_URL", "MENDER_WORKFLOWS", "INVENTORY_ADDR", "INVENTORY_TIMEOUT",
                        "PRESIGN_ALGORITHM", "PRESIGN_SECRET", "PRESIGN_EXPIRE_SECONDS", "PRESIGN_URL_HOSTNAME", "PRESIGN_URL_SCHEME",
                        "DISABLE_NEW_RELEASES_FEATURE", "REQUEST_SIZE_LIMIT"),
                Map.of("DEPLOYMENTS_MONGO_URL", "mongodb://mongo-deployments:27017",
                        "DEPLOYMENTS_INVENTORY_ADDR", "http://mender-inventory:8080",
                        "DEPLOYMENTS_MENDER_WORKFLOWS", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("deployments"));
        put(MenderComponent.DEVICEAUTH, keys("DEVICEAUTH", "LISTEN", "MIDDLEWARE", "MONGO", "INVENTORY_ADDR", "ORCHESTRATOR_ADDR",
                        "SERVER_PRIV_KEY_PATH", "SERVER_FALLBACK_PRIV_KEY_PATH", "JWT_ISSUER", "JWT_EXP_TIMEOUT",
                        "REDIS_CONNECTION_STRING", "REDIS_KEY_PREFIX", "REDIS_LIMITS_EXPIRE_SEC", "REDIS_ADDR",
                        "REQUEST_SIZE_LIMIT", "LEGACY_PROVISION_DEVICE"),
                Map.of("DEVICEAUTH_MONGO", "mongo-device-auth",
                        "DEVICEAUTH_INVENTORY_ADDR", "http://mender-inventory:8080/",
                        "DEVICEAUTH_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080/"),
                List.of(), Set.of(8080), internal("devauth"));
        put(MenderComponent.USERADM, keys("USERADM", "LISTEN", "MIDDLEWARE", "MONGO", "SERVER_PRIV_KEY_PATH",
                        "SERVER_PRIV_KEY_FILENAME_PATTERN", "SERVER_FALLBACK_PRIV_KEY_PATH", "JWT_ISSUER", "JWT_EXP_TIMEOUT",
                        "REDIS_CONNECTION_STRING", "REDIS_KEY_PREFIX", "LIMIT_SESSIONS_PER_USER", "LIMIT_TOKENS_PER_USER",
                        "TOKEN_LAST_USED_UPDATE_FREQ_MINUTES", "TOKEN_MAX_EXPIRATION_SECONDS", "PLAN_DEFINITIONS_PATH",
                        "REQUEST_SIZE_LIMIT"),
                Map.of("USERADM_MONGO", "mongo-useradm"), List.of(), Set.of(8080), internal("useradm"));
        put(MenderComponent.INVENTORY, keys("INVENTORY", "LISTEN", "MONGO", "LIMIT_ATTRIBUTES", "LIMIT_TAGS",
                        "ORCHESTRATOR_ADDR", "REQUEST_SIZE_LIMIT", "REDIS_CONNECTION_STRING"),
                Map.of("INVENTORY_MONGO", "mongo-inventory:27017",
                        "INVENTORY_ORCHESTRATOR_ADDR", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("inventory"));
        Set<String> workflowsKeys = keys("WORKFLOWS", "LISTEN", "NATS_URI", "NATS_STREAM_NAME", "NATS_SUBSCRIBER_TOPIC",
                "NATS_SUBSCRIBER_DURABLE", "NATS_CONSUMER_ACK_WAIT", "NATS_CONSUMER_MAX_DELIVER", "NATS_CONSUMER_MAX_PENDING",
                "NATS_STREAM_REPLICAS", "MONGO_URL", "MONGO_DBNAME", "SMTP_HOST", "SMTP_AUTH_MECHANISM", "SMTP_USERNAME",
                "SMTP_PASSWORD", "WORKFLOWS_PATH", "CONCURRENCY", "DEBUG_LOG", "ALLOWED_BINARIES");
        // The worker's workflow definitions read these un-prefixed ("${env.INVENTORY_ADDR|mender-inventory:8080}").
        workflowsKeys.addAll(List.of("DEPLOYMENTS_ADDR", "DEVICEAUTH_ADDR", "INVENTORY_ADDR", "USERADM_ADDR",
                "DEVICECONNECT_ADDR", "DEVICECONFIG_ADDR", "IOT_MANAGER_ADDR", "WORKFLOWS_SERVER_ADDR",
                "HAVE_DEVICECONNECT", "HAVE_DEVICECONFIG"));
        Map<String, String> workflowsDefaults = Map.of("WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017",
                "WORKFLOWS_NATS_URI", "nats://mender-nats:4222");
        Set<String> workflowsHealth = Set.of("/status", "/api/v1/health");
        put(MenderComponent.WORKFLOWS, workflowsKeys, workflowsDefaults, List.of(), Set.of(8080), workflowsHealth);
        put(MenderComponent.WORKFLOWS_WORKER, workflowsKeys, workflowsDefaults, List.of(), Set.of(), Set.of());
        put(MenderComponent.DEVICECONNECT, keys("DEVICECONNECT", "LISTEN", "NATS_URI", "MONGO_URL", "MONGO_DBNAME", "DEBUG_LOG",
                        "RECORDING_EXPIRE_SECONDS", "WS_ALLOWED_ORIGINS", "GRACEFUL_SHUTDOWN_TIMEOUT", "REQUEST_SIZE_LIMIT",
                        "FILE_UPLOAD_LIMIT"),
                Map.of("DEVICECONNECT_MONGO_URL", "mongodb://mender-mongo:27017", "DEVICECONNECT_NATS_URI", "nats://mender-nats:4222"),
                List.of(), Set.of(8080), internal("deviceconnect"));
        put(MenderComponent.DEVICECONFIG, keys("DEVICECONFIG", "LISTEN", "MONGO_URL", "MONGO_DBNAME", "DEBUG_LOG",
                        "INVENTORY_URI", "INVENTORY_TIMEOUT", "WORKFLOWS_URL", "ENABLE_AUDIT", "REQUEST_SIZE_LIMIT"),
                Map.of("DEVICECONFIG_MONGO_URL", "mongodb://mender-mongo:27017",
                        "DEVICECONFIG_INVENTORY_URI", "http://mender-inventory:8080",
                        "DEVICECONFIG_WORKFLOWS_URL", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("deviceconfig"));
        put(MenderComponent.IOT_MANAGER, keys("IOT_MANAGER", "LISTEN", "MONGO_URL", "MONGO_DBNAME", "WORKFLOWS_URL",
                        "AES_ENCRYPTION_KEY", "AES_ENCRYPTION_FALLBACK_KEY", "DEVICEAUTH_URL", "DEBUG_LOG", "DOMAIN_WHITELIST",
                        "DOMAIN_SKIPVERIFY", "EVENT_EXP_TIMEOUT", "WEBHOOKS_TIMEOUT_SECONDS", "REQUEST_SIZE_LIMIT"),
                Map.of("IOT_MANAGER_MONGO_URL", "mongodb://mender-mongo:27017",
                        "IOT_MANAGER_DEVICEAUTH_URL", "http://mender-device-auth:8080",
                        "IOT_MANAGER_WORKFLOWS_URL", "http://mender-workflows-server:8080"),
                List.of(), Set.of(8080), internal("iot-manager"));
        Set<String> cawKeys = keys("CREATE_ARTIFACT", "DEPLOYMENTS_URL", "SKIPVERIFY", "WORKDIR");
        cawKeys.addAll(workflowsKeys);
        put(MenderComponent.CREATE_ARTIFACT_WORKER, cawKeys,
                Map.of("WORKFLOWS_MONGO_URL", "mongodb://mender-mongo:27017", "WORKFLOWS_NATS_URI", "nats://mender-nats:4222",
                        "CREATE_ARTIFACT_DEPLOYMENTS_URL", "http://mender-deployments:8080"),
                List.of(), Set.of(), Set.of());
        put(MenderComponent.GUI, Set.of(), Map.of(), List.of(), Set.of(8090), Set.of());
        put(MenderComponent.MONGO, Set.of(), Map.of(), List.of(), Set.of(27017), Set.of());
        put(MenderComponent.NATS, Set.of(), Map.of(), List.of(), Set.of(4222, 6222, 8222), Set.of());
        put(MenderComponent.MINIO, Set.of(), Map.of(), List.of(), Set.of(9000, 9001),
                Set.of("/minio/health/live", "/minio/health/ready", "/minio/health/cluster"));
        put(MenderComponent.GATEWAY, Set.of(), Map.of(), List.of(), Set.of(), Set.of());
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

    private static Set<String> keys(String prefix, String... keys) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) out.add(prefix + "_" + k);
        for (String k : MONGO_OPTS) out.add(prefix + "_" + k);
        return out;
    }

    private static Set<String> internal(String svc) {
        return Set.of("/api/internal/v1/" + svc + "/alive", "/api/internal/v1/" + svc + "/health");
    }

    private static void put(MenderComponent c, Set<String> keys, Map<String, String> defaults,
                            List<ComponentContract.Conditional> conditional, Set<Integer> ports, Set<String> health) {
        CONTRACTS.put(c, new ComponentContract(c, Set.copyOf(keys), Map.copyOf(defaults), conditional, Set.copyOf(ports), Set.copyOf(health)));
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
            return Optional.of(new ComponentContract(MenderComponent.WORKFLOWS_WORKER, base.envKeys(), Map.copyOf(defaults),
                    WORKER_CONDITIONAL, Set.of(), Set.of()));
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
