package dev.menderharness.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.menderharness.support.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploySecretsTest {

    private static Map<String, byte[]> material;

    @BeforeAll
    static void generateOnce() {
        material = DeploySecrets.generate();
    }

    @Test
    void generatesExactlyTheNamedItemsInOrder() {
        assertThat(material.keySet()).containsExactlyElementsOf(
                DeploySecrets.ITEMS.stream().map(DeploySecrets.Item::name).toList());
    }

    @Test
    void gatewayCertificateParsesAndCoversTheGatewayNames() throws Exception {
        X509Certificate cert = certificate();
        cert.checkValidity();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=docker.mender.io");
        List<String> dnsNames = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            if ((Integer) san.get(0) == 2) {
                dnsNames.add((String) san.get(1));
            }
        }
        assertThat(dnsNames).containsExactlyInAnyOrder(
                "docker.mender.io", "*.docker.mender.io", "localhost", "mender-api-gateway");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // a server certificate, not a CA
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void gatewayKeyMatchesTheCertificate() throws Exception {
        X509Certificate cert = certificate();
        PrivateKey key = privateKey(DeploySecrets.GATEWAY_TLS_KEY);
        byte[] data = "mender".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
        assertThat(text(DeploySecrets.GATEWAY_TLS_KEY)).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void menderKeysArePkcs8Ed25519ThatSignJwtsAndAreDistinct() throws Exception {
        for (String name : List.of(DeploySecrets.DEVICEAUTH_PRIVATE_KEY, DeploySecrets.USERADM_PRIVATE_KEY)) {
            // "PRIVATE KEY" holding Ed25519: one of the forms mender-server's jwt.NewJWTHandler reads.
            assertThat(text(name)).as(name).startsWith("-----BEGIN PRIVATE KEY-----");
            PrivateKey key = privateKey(name);
            assertThat(key.getAlgorithm()).as(name).isIn("Ed25519", "EdDSA");
            // The stand-ins' key reader takes it and signs with EdDSA, as the services' JWTs will be.
            PrivateKey read = dev.menderharness.fixtures.standin.Pem.privateKey(text(name));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(read);
            signer.update("header.claims".getBytes(StandardCharsets.US_ASCII));
            assertThat(signer.sign()).as(name).hasSize(64);
        }
        assertThat(text(DeploySecrets.DEVICEAUTH_PRIVATE_KEY)).isNotEqualTo(text(DeploySecrets.USERADM_PRIVATE_KEY));
    }

    @Test
    void privateKeysAreMaskedEvenInPartsButTheCertificateIsNot() {
        for (DeploySecrets.Item item : DeploySecrets.ITEMS) {
            String body = text(item.name()).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            String logLine = "log: " + body + " end";
            if (item.sensitive()) {
                assertThat(SecretMasker.mask(logLine)).as(item.name()).doesNotContain(body);
            } else {
                assertThat(SecretMasker.mask(logLine)).as(item.name()).contains(body);
            }
        }
    }

    @Test
    void unknownNameIsRejectedWithTheName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeploySecrets.item("mender-typo"))
                .hasMessageContaining("mender-typo");
    }

    /** The reference Swarm stack declares exactly these external secrets and mounts each at its path. */
    @Test
    void swarmStackReferencesEveryItemAtItsPath() throws IOException {
        JsonNode stack = yaml(manifests().resolve("swarm/stack.yml")).get(0);
        Set<String> declared = new HashSet<>();
        stack.path("secrets").fields().forEachRemaining(e -> {
            assertThat(e.getValue().path("external").asBoolean()).as(e.getKey() + " external").isTrue();
            declared.add(e.getKey());
        });
        assertThat(declared).containsExactlyInAnyOrderElementsOf(
                DeploySecrets.ITEMS.stream().map(DeploySecrets.Item::name).toList());
        Set<String> mounts = new HashSet<>();
        stack.path("services").forEach(svc -> svc.path("secrets").forEach(
                ref -> mounts.add(ref.path("source").asText() + " -> " + ref.path("target").asText())));
        for (DeploySecrets.Item item : DeploySecrets.ITEMS) {
            assertThat(mounts).contains(item.name() + " -> " + item.mountPath());
        }
    }

    /** The Kubernetes form mounts a Secret of each name, with its data key, in a directory ending at the path. */
    @Test
    void kubernetesManifestsMountEveryItemWithItsKey() throws IOException {
        Set<String> found = new HashSet<>();
        try (Stream<Path> files = Files.list(manifests().resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : yaml(file)) {
                    JsonNode pod = doc.path("spec").path("template").path("spec");
                    for (JsonNode volume : pod.path("volumes")) {
                        List<JsonNode> secrets = new ArrayList<>();
                        if (volume.has("secret")) secrets.add(volume.get("secret"));
                        volume.path("projected").path("sources").forEach(s -> {
                            if (s.has("secret")) secrets.add(s.get("secret"));
                        });
                        String dir = mountDir(pod, volume.path("name").asText());
                        for (JsonNode s : secrets) {
                            String name = s.has("secretName") ? s.get("secretName").asText() : s.path("name").asText();
                            s.path("items").forEach(i -> found.add(
                                    name + ":" + i.path("key").asText() + " -> " + dir + "/" + i.path("path").asText()));
                        }
                    }
                }
            }
        }
        for (DeploySecrets.Item item : DeploySecrets.ITEMS) {
            assertThat(found).contains(item.name() + ":" + item.key() + " -> " + item.mountPath());
        }
    }

    private static String mountDir(JsonNode pod, String volumeName) {
        for (JsonNode c : pod.path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (m.path("name").asText().equals(volumeName)) return m.path("mountPath").asText();
            }
        }
        return "<not mounted>";
    }

    private static Path manifests() {
        // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
        return Path.of("manifests");
    }

    private static List<JsonNode> yaml(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            mapper.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    private static String text(String name) {
        return new String(material.get(name), StandardCharsets.US_ASCII);
    }

    private static X509Certificate certificate() throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(material.get(DeploySecrets.GATEWAY_TLS_CERT)));
    }

    private static PrivateKey privateKey(String name) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(text(name)))) {
            Object parsed = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return parsed instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) parsed);
        }
    }
}
