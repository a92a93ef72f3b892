package dev.menderharness.images;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixture images, in build order (every parent before its children). Each is built from
 * {@code fixtures/images/<name>/Dockerfile}, whose {@code FROM ${PARENT}} is the base image or
 * another fixture. {@code upstream} is the repository the fixture stands in for (null: a layer only).
 */
public enum FixtureImage {
    /** A jlink'ed OpenJDK 17 runtime from Debian's JDK, shared by every stand-in. */
    JRE("jre", null, null, false),
    /** JRE plus target/mender-standin.jar: the one layer the stand-in code lives in (Debian-based stand-ins). */
    STANDIN("standin", JRE, null, true),
    /**
     * {@link #STANDIN} pruned to the JRE, its shared libraries, the stand-in jar and a static launcher
     * (no shell, no tools: its containers look FROM scratch); the base of the Mender service fixtures.
     */
    SERVICE_BASE("service-base", STANDIN, null, false),
    DEPLOYMENTS("deployments", SERVICE_BASE, "mendersoftware/deployments", false),
    DEVICEAUTH("deviceauth", SERVICE_BASE, "mendersoftware/deviceauth", false),
    USERADM("useradm", SERVICE_BASE, "mendersoftware/useradm", false),
    INVENTORY("inventory", SERVICE_BASE, "mendersoftware/inventory", false),
    WORKFLOWS("workflows", SERVICE_BASE, "mendersoftware/workflows", false),
    GUI("gui", STANDIN, "mendersoftware/gui", false),
    MONGO("mongo", STANDIN, "mongo", false),
    MINIO("minio", STANDIN, "minio/minio", false),
    /** Debian's nginx with the official image's entrypoint contract. */
    GATEWAY("gateway", null, "nginx", false),
    /** Debian's nats-server. */
    NATS("nats", null, "nats", false),
    /** Stands in for {@link HarnessImages#PROBE}. */
    PROBE("probe", null, "nicolaka/netshoot", false),
    /** Stands in for {@link HarnessImages#DIND}: Debian's dockerd. */
    DIND("dind", null, "docker", false);

    public static final String REPOSITORY_PREFIX = "mender-harness/";
    /** Label on every image the harness builds; its value is the fixture name (or {@code base}). */
    public static final String LABEL = "dev.menderharness.image";
    /** Label holding the inputs hash the tag was made from. */
    public static final String INPUTS_LABEL = "dev.menderharness.inputs";

    private final String fixtureName;
    private final FixtureImage parent;
    private final String upstream;
    private final boolean needsStandinJar;

    FixtureImage(String fixtureName, FixtureImage parent, String upstream, boolean needsStandinJar) {
        this.fixtureName = fixtureName;
        this.parent = parent;
        this.upstream = upstream;
        this.needsStandinJar = needsStandinJar;
    }

    public String fixtureName() { return fixtureName; }

    /** The fixture this one is built FROM; empty when it is built FROM the base image. */
    public Optional<FixtureImage> parent() { return Optional.ofNullable(parent); }

    /** Upstream repository in Docker's short form ({@code nginx}, {@code minio/minio}); empty for layers. */
    public Optional<String> upstream() { return Optional.ofNullable(upstream); }

    public boolean needsStandinJar() { return needsStandinJar; }

    public String repository() { return REPOSITORY_PREFIX + fixtureName; }

    /** The fixture standing in for {@code ref}'s repository (tag ignored). */
    public static Optional<FixtureImage> forUpstream(ImageRef ref) {
        String repo = ref.repository();
        return Arrays.stream(values()).filter(f -> repo.equals(f.upstream)).findFirst();
    }
}
