package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menderharness.support.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node engine's TLS, exercised the way dockerd uses it: a server presenting the node files and
 * requiring a client certificate of the same CA (--tlsverify), the harness connecting to 127.0.0.1.
 */
class NodeTlsTest {

    private static final String CA = NodeTls.NODE_DIR + "/ca.pem";
    private static final String CERT = NodeTls.NODE_DIR + "/cert.pem";
    private static final String KEY = NodeTls.NODE_DIR + "/key.pem";

    @Test
    void theHarnessReachesANodeOfItsOwnRunAt127001() throws Exception {
        NodeTls run = NodeTls.generate("r1");
        assertThat(handshake(run, run.clientSsl().getSSLContext())).isEqualTo("ok");
    }

    @Test
    void aNodeRefusesAClientOfAnotherRun() throws Exception {
        NodeTls run = NodeTls.generate("r1");
        NodeTls other = NodeTls.generate("r2");
        // other's client neither trusts r1's server certificate nor holds a certificate r1's CA signed
        assertThatThrownBy(() -> handshake(run, other.clientSsl().getSSLContext())).isInstanceOf(IOException.class);
    }

    @Test
    void aNodeRefusesAClientWithoutACertificate() throws Exception {
        NodeTls run = NodeTls.generate("r1");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(run.nodeFiles().get(CA)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, tmf.getTrustManagers(), null);
        assertThatThrownBy(() -> handshake(run, anonymous)).isInstanceOf(IOException.class);
    }

    @Test
    void theClientFilesAreDockerCertPathShapedAndTheKeyIsTheOwnersAndMasked(@TempDir Path dir) throws Exception {
        NodeTls run = NodeTls.generate("r1");
        run.writeClientFiles(dir.resolve("tls"));
        Path key = dir.resolve("tls/key.pem");
        assertThat(dir.resolve("tls/ca.pem")).hasBinaryContent(run.nodeFiles().get(CA));
        assertThat(dir.resolve("tls/cert.pem")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String pem = Files.readString(key);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(SecretMasker.mask("key: " + pem)).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
        String serverKey = new String(run.nodeFiles().get(KEY), StandardCharsets.US_ASCII);
        assertThat(SecretMasker.mask("key: " + serverKey)).doesNotContain(serverKey.lines().skip(1).findFirst().orElseThrow());
    }

    /** One TLS exchange with a server set up as dockerd --tlsverify is, from the node files. */
    private static String handshake(NodeTls node, SSLContext clientContext) throws Exception {
        SSLContext serverContext = serverContext(node);
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the client sees the failed handshake
                }
            });
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                var params = client.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the address must be in the server certificate
                client.setSSLParameters(params);
                client.setSoTimeout(5000);
                client.startHandshake();
                String line = new java.io.BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line == null) throw new IOException("connection closed by the server");
                return line;
            } finally {
                served.get(5, TimeUnit.SECONDS);
            }
        }
    }

    private static SSLContext serverContext(NodeTls node) throws Exception {
        X509Certificate ca = certificate(node.nodeFiles().get(CA));
        X509Certificate cert = certificate(node.nodeFiles().get(CERT));
        PrivateKey key;
        try (PEMParser pem = new PEMParser(new InputStreamReader(new ByteArrayInputStream(node.nodeFiles().get(KEY)), StandardCharsets.US_ASCII))) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) pem.readObject());
        }
        return NodeTls.context(key, new Certificate[] {cert, ca}, ca);
    }

    private static X509Certificate certificate(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
