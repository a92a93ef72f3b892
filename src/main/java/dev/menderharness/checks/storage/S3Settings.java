package dev.menderharness.checks.storage;

import dev.menderharness.checks.AddressExtractor;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.dns.NameTargets;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.SecretMasker;
import java.net.URI;
import java.util.Map;

/**
 * The S3 wiring of deployments as the manifests declare it, read from the topology (never
 * hard-coded): bucket, region, the internal URI deployments talks to, the external URI presigned
 * links must carry, and the credentials (the secret key registered with {@link SecretMasker} as soon as read).
 */
public record S3Settings(String bucket, String region, URI internalUri, URI externalUri,
                         String accessKey, String secretKey, ServiceSpec deployments, ServiceSpec storage) {

    public static S3Settings from(Topology topology) {
        ServiceSpec deployments = topology.serviceOf(MenderComponent.DEPLOYMENTS).orElseThrow(() ->
                new CheckFailure("SERVICE_MISSING", "no service runs " + MenderComponent.DEPLOYMENTS.imageRepository() + " in " + topology.root()));
        Map<String, String> env = deployments.env();
        // The storage is the service DEPLOYMENTS_AWS_URI names; a MinIO by image only when that names none.
        ServiceSpec minio = AddressExtractor.fromEnv("DEPLOYMENTS_AWS_URI", env.get("DEPLOYMENTS_AWS_URI")).stream()
                .flatMap(hp -> NameTargets.target(topology, hp.host()).stream())
                .filter(s -> s.component().filter(c -> c == MenderComponent.MINIO).isPresent())
                .findFirst()
                .or(() -> topology.serviceOf(MenderComponent.MINIO))
                .orElseThrow(() -> new CheckFailure("SERVICE_MISSING", "no service runs " + MenderComponent.MINIO.imageRepository()
                        + " in " + topology.root()));
        // DEPLOYMENTS_AWS_BUCKET is the deprecated alias that overrides STORAGE_BUCKET when set (contract §2).
        String bucket = firstSet(env.get("DEPLOYMENTS_AWS_BUCKET"), env.get("DEPLOYMENTS_STORAGE_BUCKET"), "mender-artifact-storage");
        String region = firstSet(env.get("DEPLOYMENTS_AWS_REGION"), "us-east-1");
        String internal = require(deployments, "DEPLOYMENTS_AWS_URI");
        // STORAGE_PROXY_URI, when set, replaces scheme and host of every public link (contract §2).
        String external = firstSet(env.get("DEPLOYMENTS_STORAGE_PROXY_URI"), env.get("DEPLOYMENTS_AWS_EXTERNAL_URI"), internal);
        if (!external.contains("://")) {
            external = "https://" + external; // deployments defaults the external scheme to https
        }
        String key = firstSet(env.get("DEPLOYMENTS_AWS_AUTH_KEY"), minio.env().get("MINIO_ROOT_USER"), minio.env().get("MINIO_ACCESS_KEY"));
        String secret = firstSet(env.get("DEPLOYMENTS_AWS_AUTH_SECRET"), minio.env().get("MINIO_ROOT_PASSWORD"), minio.env().get("MINIO_SECRET_KEY"));
        if (key == null || secret == null) {
            throw new CheckFailure("S3_CREDENTIALS_UNKNOWN", deployments.source() + ": " + deployments.name()
                    + " has no DEPLOYMENTS_AWS_AUTH_KEY/DEPLOYMENTS_AWS_AUTH_SECRET the harness can read (nor has "
                    + minio.name() + " MINIO_ROOT_USER/MINIO_ROOT_PASSWORD), so S3 cannot be checked directly");
        }
        // Only the secret key is a secret (an access key id is an identifier, as in AWS); registering
        // the id too would mask every "mender" in logs when, as in the reference, the id is "mender".
        SecretMasker.register(secret);
        return new S3Settings(bucket, region, URI.create(internal), URI.create(external), key, secret, deployments, minio);
    }

    private static String require(ServiceSpec s, String key) {
        String v = s.env().get(key);
        if (v == null || v.isBlank()) {
            throw new CheckFailure("S3_ENDPOINT_UNSET", s.source() + ": " + s.name() + " sets no " + key + "; deployments cannot reach S3");
        }
        return v;
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** Path-style object URL on the internal endpoint, the one deployments itself uses. */
    public String internalObjectUrl(String key) {
        String base = internalUri.toString();
        return (base.endsWith("/") ? base : base + "/") + bucket + "/" + key;
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", internal=" + internalUri
                + ", external=" + externalUri + ", credentials=****]";
    }
}
