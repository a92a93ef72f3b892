package dev.menderharness.stack;

import dev.menderharness.report.SecretMasker;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The deploy-time key material the reference manifests reference by name and never contain: the
 * gateway's TLS certificate and key, and the RSA keys deviceauth and useradm sign JWTs with.
 * A deployer creates them before deploying: on Swarm as external secrets
 * ({@code docker secret create NAME FILE}), on Kubernetes as Secrets holding one data key each
 * ({@code kubectl create secret generic NAME --from-file=KEY=FILE}). Fresh material per run, so
 * nothing secret is ever committed; private keys are registered with {@link SecretMasker}.
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
            KeyPair gatewayKey = ecKeyPair();
            Map<String, byte[]> out = new LinkedHashMap<>();
            out.put(GATEWAY_TLS_CERT, pem("CERTIFICATE", selfSignedCertificate(gatewayKey).getEncoded()));
            out.put(GATEWAY_TLS_KEY, pem("PRIVATE KEY", gatewayKey.getPrivate().getEncoded()));
            out.put(DEVICEAUTH_PRIVATE_KEY, rsaPkcs1Pem());
            out.put(USERADM_PRIVATE_KEY, rsaPkcs1Pem());
            for (Item item : ITEMS) {
                if (item.sensitive()) {
                    registerWithMasker(out.get(item.name()));
                }
            }
            return out;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate deploy-time secrets: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    private static X509CertificateHolder selfSignedCertificate(KeyPair key)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + GATEWAY_DNS_NAMES.get(0) + ",O=mender-cluster-harness");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), // tolerate clock skew between host and nodes
                Date.from(now.plus(CERT_VALIDITY)), subject, key.getPublic());
        GeneralName[] sans = GATEWAY_DNS_NAMES.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
    }

    /** PKCS#1 ("RSA PRIVATE KEY"): the only form Mender's backend/pkg/keys parser accepts. */
    private static byte[] rsaPkcs1Pem() throws GeneralSecurityException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(RSA_BITS, RANDOM);
        byte[] pkcs8 = gen.generateKeyPair().getPrivate().getEncoded();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        return pem("RSA PRIVATE KEY", pkcs1);
    }

    private static byte[] pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The whole PEM and each base64 line, so a key is masked even when a log shows only part of it. */
    private static void registerWithMasker(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        SecretMasker.register(text);
        text.lines().filter(l -> !l.startsWith("-----") && l.length() >= 16).forEach(SecretMasker::register);
    }
}
