package dev.menderharness.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * The few X.509 operations the harness needs for material it makes per run (the gateway's
 * certificate, the swarm nodes' engine TLS): P-256 keys, certificates, PEM. Private keys made here
 * are for one run and are registered with {@link SecretMasker} by {@link #privateKeyPem}.
 */
public final class Pki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {
    }

    /** What a certificate is for. */
    public enum Use { CA, SERVER, CLIENT }

    /** Names a certificate holds: DNS names and IP addresses (subject alternative names). */
    public record Names(List<String> dns, List<String> ips) {
        public static Names none() {
            return new Names(List.of(), List.of());
        }
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for {@code subjectKey} signed by {@code issuerKey} (the same key: self-signed),
     * valid from an hour ago (clock skew between host and containers) for {@code validity}.
     */
    public static X509CertificateHolder certificate(String subjectCn, PublicKey subjectKey, String issuerCn,
                                                    PrivateKey issuerKey, Use use, Names names, Duration validity) {
        try {
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + subjectCn + ",O=mender-cluster-harness");
            X500Name issuer = new X500Name("CN=" + issuerCn + ",O=mender-cluster-harness");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(use == Use.CA))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(use == Use.CA
                            ? KeyUsage.keyCertSign | KeyUsage.digitalSignature : KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey));
            if (use != Use.CA) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(use == Use.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
            List<GeneralName> sans = new ArrayList<>();
            names.dns().forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
            names.ips().forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subjectCn + ": " + e.getMessage(), e);
        }
    }

    public static byte[] certificatePem(X509CertificateHolder cert) {
        try {
            return pem("CERTIFICATE", cert.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PKCS#8 PEM of a private key, registered with the masker (whole and line by line). */
    public static byte[] privateKeyPem(PrivateKey key) {
        return masked(pem("PRIVATE KEY", key.getEncoded()));
    }

    public static byte[] pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Registers a PEM with the masker: whole, and each base64 line, so a partial log line is masked too. */
    public static byte[] masked(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        SecretMasker.register(text);
        text.lines().filter(l -> !l.startsWith("-----") && l.length() >= 16).forEach(SecretMasker::register);
        return pem;
    }
}
