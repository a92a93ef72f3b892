package dev.menderharness.cluster.swarm;

import com.github.dockerjava.transport.SSLConfig;
import dev.menderharness.support.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * TLS of one run's node engines. Every node's dockerd listens on tcp :{@value #PORT} with
 * {@code --tlsverify}: it answers only clients that show a certificate of this run's CA, which only
 * this JVM holds (and, for a kept run, its state directory). Without TLS, dockerd pauses every start
 * for a second to warn about a plain TCP listener, and newer engines announce refusing one outright.
 * One server certificate serves every node: clients reach a node at 127.0.0.1 (its host port).
 */
final class NodeTls {

    static final int PORT = 2376;
    /** Where a node keeps its server files (copied in before the node starts). */
    static final String NODE_DIR = "/etc/mender-harness/engine-tls";
    static final Duration VALIDITY = Duration.ofDays(30);
    /** File names the docker CLI expects in DOCKER_CERT_PATH (and dockerd's flags point at). */
    static final List<String> FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final X509Certificate ca;
    private final byte[] caPem;
    private final byte[] serverCertPem;
    private final byte[] serverKeyPem;
    private final KeyPair client;
    private final X509Certificate clientCert;
    private final byte[] clientCertPem;
    /** Built once per run and shared by every node's client. */
    private final SSLContext clientContext;

    private NodeTls(X509Certificate ca, byte[] caPem, byte[] serverCertPem, byte[] serverKeyPem, KeyPair client,
                    X509Certificate clientCert, byte[] clientCertPem) {
        this.ca = ca;
        this.caPem = caPem;
        this.serverCertPem = serverCertPem;
        this.serverKeyPem = serverKeyPem;
        this.client = client;
        this.clientCert = clientCert;
        this.clientCertPem = clientCertPem;
        try {
            this.clientContext = context(client.getPrivate(), new Certificate[] {clientCert, ca}, ca);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS to the swarm nodes: " + e.getMessage(), e);
        }
    }

    /** A fresh CA with one server and one client certificate (P-256: milliseconds, not RSA seconds). */
    static NodeTls generate(String runId) {
        String caName = "mender-harness engines " + runId;
        KeyPair caKey = Pki.ecKeyPair();
        X509CertificateHolder caCert = Pki.certificate(caName, caKey.getPublic(), caName, caKey.getPrivate(), Pki.Use.CA,
                Pki.Names.none(), VALIDITY);
        KeyPair server = Pki.ecKeyPair();
        X509CertificateHolder serverCert = Pki.certificate("swarm node engine", server.getPublic(), caName, caKey.getPrivate(),
                Pki.Use.SERVER, new Pki.Names(List.of("localhost"), List.of("127.0.0.1")), VALIDITY);
        KeyPair client = Pki.ecKeyPair();
        X509CertificateHolder clientCert = Pki.certificate("mender-cluster-harness", client.getPublic(), caName, caKey.getPrivate(),
                Pki.Use.CLIENT, Pki.Names.none(), VALIDITY);
        return new NodeTls(x509(caCert), Pki.certificatePem(caCert), Pki.certificatePem(serverCert),
                Pki.privateKeyPem(server.getPrivate()), client, x509(clientCert), Pki.certificatePem(clientCert));
    }

    /** The files a node needs, absolute path to content. */
    Map<String, byte[]> nodeFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(NODE_DIR + "/ca.pem", caPem);
        files.put(NODE_DIR + "/cert.pem", serverCertPem);
        files.put(NODE_DIR + "/key.pem", serverKeyPem);
        return files;
    }

    /** dockerd's listeners: its socket inside the node, and TCP with client verification. */
    static List<String> dockerdArgs() {
        return List.of("--host=unix:///var/run/docker.sock", "--host=tcp://0.0.0.0:" + PORT, "--tlsverify",
                "--tlscacert=" + NODE_DIR + "/ca.pem", "--tlscert=" + NODE_DIR + "/cert.pem", "--tlskey=" + NODE_DIR + "/key.pem");
    }

    /** The harness's side: trusts only the run's CA, shows the client certificate. */
    SSLConfig clientSsl() {
        return () -> clientContext;
    }

    /** A TLS context that shows {@code chain} (whose key is {@code key}) and trusts only {@code trusted}. */
    static SSLContext context(PrivateKey key, Certificate[] chain, X509Certificate trusted)
            throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new OneKey(key, chain)}, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Shows the one key and chain it holds, as client or server. A key store would protect the key
     * with PKCS#12's PBKDF2 (10000 rounds, then as many to read it back), hundreds of ms of CPU in a
     * fresh JVM, for a key that never leaves memory.
     */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "self";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, Certificate[] chain) {
            this.key = key;
            this.chain = java.util.Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    /** The client files in DOCKER_CERT_PATH layout, for a person using the docker CLI on a kept run. */
    void writeClientFiles(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("ca.pem"), caPem);
            Files.write(dir.resolve("cert.pem"), clientCertPem);
            Path key = dir.resolve("key.pem");
            Files.deleteIfExists(key);
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(key, Pki.privateKeyPem(client.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the engine client certificate to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate x509(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
