package dev.menderharness.stack;

import dev.menderharness.support.Pki;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deploy-time key material the reference manifests reference by name and never contain: the
 * gateway's TLS certificate and key, and the keys deviceauth and useradm sign JWTs with.
 * A deployer creates them before deploying: on Swarm as external secrets
 * ({@code docker secret create NAME FILE}), on Kubernetes as Secrets holding one data key each
 * ({@code kubectl create secret generic NAME --from-file=KEY=FILE}). Fresh material per run, so
 * nothing secret is ever committed; private keys are registered with the secret masker ({@link Pki#masked}).
 */
public final class DeploySecrets {

    /** Swarm secret / Kubernetes Secret names, as written in manifests/swarm and manifests/kubernetes. */
    public static final String GATEWAY_TLS_CERT = "mender-gateway-tls-crt";
    public static final String GATEWAY_TLS_KEY = "mender-gateway-tls-key";
    public static final String DEVICEAUTH_PRIVATE_KEY = "mender-deviceauth-private-key";
    public static final String USERADM_PRIVATE_KEY = "mender-useradm-private-key";

    /** Names the gateway certificate is valid for (first one is also the subject CN). */
    public static final List<String> GATEWAY_DNS_NAMES =
            List.of("docker.mender.io", "*.docker.mender.io", "localhost", "mender-api-gateway");

    /**
     * Algorithm of the deviceauth/useradm keys. Mender 4 (mender-server) reads PKCS#1 RSA, PKCS#8
     * RSA and PKCS#8 Ed25519 keys ({@code services/useradm/jwt/jwt.go}, deviceauth the same) and its
     * Helm chart generates Ed25519 when none is given. Ed25519 rather than the RSA 3072 of the
     * "by hand" recipe: an RSA 3072 key took 0.3-1.3 s of CPU here (random prime search), two of
     * them while the swarm nodes start on the same cores; an Ed25519 key takes microseconds.
     */
    static final String JWT_KEY_ALGORITHM = "Ed25519";
    static final Duration CERT_VALIDITY = Duration.ofDays(30);

    /**
     * One piece of material: its secret name, the data key inside the Kubernetes Secret, and the
     * file path the manifests mount it at (Swarm secret target = Kubernetes mount), the same in both.
     */
    public record Item(String name, String key, String mountPath, boolean sensitive) {
    }

    public static final List<Item> ITEMS = List.of(
            new Item(GATEWAY_TLS_CERT, "tls.crt", "/etc/nginx/tls/tls.crt", false),
            new Item(GATEWAY_TLS_KEY, "tls.key", "/etc/nginx/tls/tls.key", true),
            new Item(DEVICEAUTH_PRIVATE_KEY, "private.pem", "/etc/deviceauth/rsa/private.pem", true),
            new Item(USERADM_PRIVATE_KEY, "private.pem", "/etc/useradm/rsa/private.pem", true));

    private static final SecureRandom RANDOM = new SecureRandom();

    private DeploySecrets() {
    }

    public static Item item(String name) {
        return ITEMS.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no deploy-time secret named " + name));
    }

    /**
     * Fresh material, secret name to file content (PEM), in {@link #ITEMS} order. In a fresh JVM the
     * certificate code takes a few hundred ms to load: a bring-up generates the first stack's material
     * on a background thread while its nodes start.
     */
    public static Map<String, byte[]> generate() {
        try {
            KeyPair gatewayKey = Pki.ecKeyPair();
            String cn = GATEWAY_DNS_NAMES.get(0);
            Map<String, byte[]> out = new LinkedHashMap<>();
            out.put(GATEWAY_TLS_CERT, Pki.certificatePem(Pki.certificate(cn, gatewayKey.getPublic(), cn, gatewayKey.getPrivate(),
                    Pki.Use.SERVER, new Pki.Names(GATEWAY_DNS_NAMES, List.of()), CERT_VALIDITY)));
            out.put(GATEWAY_TLS_KEY, Pki.privateKeyPem(gatewayKey.getPrivate()));
            out.put(DEVICEAUTH_PRIVATE_KEY, jwtSigningKeyPem());
            out.put(USERADM_PRIVATE_KEY, jwtSigningKeyPem());
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate deploy-time secrets: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 ("PRIVATE KEY"), the form Mender's JWT handlers accept for Ed25519; masked. */
    private static byte[] jwtSigningKeyPem() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance(JWT_KEY_ALGORITHM);
        gen.initialize(255, RANDOM);
        return Pki.privateKeyPem(gen.generateKeyPair().getPrivate());
    }
}
