package dev.menderharness.stack;

import dev.menderharness.Pki;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The deploy-time key material the reference manifests reference by name and never contain: the
 * gateway's TLS certificate and key, and the RSA keys deviceauth and useradm sign JWTs with.
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

    /** Mender's documented key size for deviceauth/useradm ({@code rsa_keygen_bits:3072}). */
    static final int RSA_BITS = 3072;
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

    /** Material being generated ahead of use by {@link #prepareInBackground()}; taken once. */
    private static final AtomicReference<CompletableFuture<Map<String, byte[]>>> PREPARED = new AtomicReference<>();

    /**
     * Starts generating the next set of material on a background thread. RSA-3072 key generation
     * takes seconds of CPU; a bring-up calls this first so that it overlaps starting the nodes.
     */
    public static void prepareInBackground() {
        PREPARED.compareAndSet(null, CompletableFuture.supplyAsync(DeploySecrets::fresh));
    }

    /** Fresh material (the prepared set if there is one), secret name to file content (PEM), in {@link #ITEMS} order. */
    public static Map<String, byte[]> generate() {
        CompletableFuture<Map<String, byte[]>> prepared = PREPARED.getAndSet(null);
        if (prepared == null) {
            return fresh();
        }
        try {
            return prepared.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Map<String, byte[]> fresh() {
        try {
            KeyPair gatewayKey = Pki.ecKeyPair();
            String cn = GATEWAY_DNS_NAMES.get(0);
            Map<String, byte[]> out = new LinkedHashMap<>();
            out.put(GATEWAY_TLS_CERT, Pki.certificatePem(Pki.certificate(cn, gatewayKey.getPublic(), cn, gatewayKey.getPrivate(),
                    Pki.Use.SERVER, new Pki.Names(GATEWAY_DNS_NAMES, List.of()), CERT_VALIDITY)));
            out.put(GATEWAY_TLS_KEY, Pki.privateKeyPem(gatewayKey.getPrivate()));
            out.put(DEVICEAUTH_PRIVATE_KEY, Pki.masked(rsaPkcs1Pem()));
            out.put(USERADM_PRIVATE_KEY, Pki.masked(rsaPkcs1Pem()));
            return out;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate deploy-time secrets: " + e.getMessage(), e);
        }
    }

    /** PKCS#1 ("RSA PRIVATE KEY"): the only form Mender's backend/pkg/keys parser accepts. */
    private static byte[] rsaPkcs1Pem() throws GeneralSecurityException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(RSA_BITS, RANDOM);
        byte[] pkcs8 = gen.generateKeyPair().getPrivate().getEncoded();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        return Pki.pem("RSA PRIVATE KEY", pkcs1);
    }
}
