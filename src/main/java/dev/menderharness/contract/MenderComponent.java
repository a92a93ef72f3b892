package dev.menderharness.contract;

/**
 * The components of a Mender 4.x open-source deployment, recognised by image repository so that a
 * user's manifests may name their services as they like. Facts from docs/mender-contract.md.
 */
public enum MenderComponent {
    DEPLOYMENTS("mendersoftware/deployments", "DEPLOYMENTS", "/api/internal/v1/deployments"),
    DEVICEAUTH("mendersoftware/deviceauth", "DEVICEAUTH", "/api/internal/v1/devauth"),
    USERADM("mendersoftware/useradm", "USERADM", "/api/internal/v1/useradm"),
    INVENTORY("mendersoftware/inventory", "INVENTORY", "/api/internal/v1/inventory"),
    WORKFLOWS("mendersoftware/workflows", "WORKFLOWS", null),
    GUI("mendersoftware/gui", null, null),
    GATEWAY("nginx", null, null),
    MINIO("minio/minio", "MINIO", null),
    MONGO("mongo", null, null),
    NATS("nats", null, null),
    // Added by the validator: components outside the reference deployment whose env keys and
    // defaults users' manifests may still carry (appended so existing ordinals stay put).
    DEVICECONNECT("mendersoftware/deviceconnect", "DEVICECONNECT", "/api/internal/v1/deviceconnect"),
    DEVICECONFIG("mendersoftware/deviceconfig", "DEVICECONFIG", "/api/internal/v1/deviceconfig"),
    IOT_MANAGER("mendersoftware/iot-manager", "IOT_MANAGER", "/api/internal/v1/iot-manager"),
    CREATE_ARTIFACT_WORKER("mendersoftware/create-artifact-worker", "CREATE_ARTIFACT", null),
    WORKFLOWS_WORKER("mendersoftware/workflows-worker", "WORKFLOWS", null),
    // Mender 4.x's gateway (the chart's and the compose file's), and the open-source reporting service.
    TRAEFIK("traefik", null, null),
    REPORTING("mendersoftware/reporting", "REPORTING", "/api/internal/v1/reporting");

    private final String imageRepository;
    private final String envPrefix;
    private final String internalApiPrefix;

    MenderComponent(String imageRepository, String envPrefix, String internalApiPrefix) {
        this.imageRepository = imageRepository;
        this.envPrefix = envPrefix;
        this.internalApiPrefix = internalApiPrefix;
    }

    /** True when {@code image} (with optional registry prefix and tag) is this component's repository. */
    public boolean matchesImage(String image) {
        String repo = image;
        int at = repo.indexOf('@');
        if (at >= 0) repo = repo.substring(0, at);
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) repo = repo.substring(0, colon);
        if (repo.startsWith("docker.io/")) repo = repo.substring("docker.io/".length());
        if (repo.startsWith("library/")) repo = repo.substring("library/".length());
        return repo.equals(imageRepository) || repo.endsWith("/" + imageRepository);
    }

    public String imageRepository() { return imageRepository; }

    /** The component whose repository {@code image} is, if any. */
    public static java.util.Optional<MenderComponent> ofImage(String image) {
        if (image == null) return java.util.Optional.empty();
        for (MenderComponent c : values()) {
            if (c.matchesImage(image)) return java.util.Optional.of(c);
        }
        return java.util.Optional.empty();
    }

    /** Env prefix the service's viper config reads, e.g. {@code DEPLOYMENTS}; null for non-Mender parts. */
    public String envPrefix() { return envPrefix; }

    /** {@code /api/internal/v1/<svc>} prefix of alive/health; null where the component has none. */
    public String internalApiPrefix() { return internalApiPrefix; }

    /**
     * Whether the component connects to MongoDB as it starts and exits when it cannot, after a 10 s
     * ping timeout (the Mender Go services and their workers). Known components that need no database
     * to start (the GUI, gateways, MinIO, MongoDB, NATS) do not: a running task of theirs stays up.
     */
    public boolean needsMongoAtStart() {
        return switch (this) {
            case GUI, GATEWAY, TRAEFIK, MINIO, MONGO, NATS -> false;
            default -> true;
        };
    }

    /**
     * Path of the health endpoint readiness probes and checks ask (204 when healthy): the internal
     * API's {@code /health}, {@code /api/v1/health} for workflows; null where there is none.
     */
    public String healthPath() {
        if (internalApiPrefix != null) return internalApiPrefix + "/health";
        return this == WORKFLOWS ? "/api/v1/health" : null;
    }
}
