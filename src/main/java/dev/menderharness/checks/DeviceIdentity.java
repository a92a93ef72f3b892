package dev.menderharness.checks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A simulated Mender device: an RSA key pair and an identity (a MAC address). Builds the exact body
 * of a device auth request and its {@code X-MEN-Signature}: base64 of RSA PKCS#1 v1.5 / SHA-256 over
 * the raw body bytes, the way the Mender client signs (contract §6 step 6).
 */
public final class DeviceIdentity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String mac;
    private final KeyPair keys;

    private DeviceIdentity(String mac, KeyPair keys) {
        this.mac = mac;
        this.keys = keys;
    }

    /** A new device with a fresh 2048-bit RSA key. */
    public static DeviceIdentity generate(String mac) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            return new DeviceIdentity(mac, gen.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key: " + e.getMessage(), e);
        }
    }

    public String mac() {
        return mac;
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** {@code {"mac":"..."}}: the identity as deviceauth stores it (a JSON string inside the request). */
    public String identityJson() {
        return JSON.createObjectNode().put("mac", mac).toString();
    }

    /** PKIX public key as PEM, 64-character lines, trailing newline (what the Mender client sends). */
    public String publicKeyPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** The exact bytes sent as the auth request body; the signature covers these bytes. */
    public byte[] authRequestBody() {
        ObjectNode body = JSON.createObjectNode();
        body.put("id_data", identityJson());
        body.put("pubkey", publicKeyPem());
        body.put("tenant_token", "");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** base64(RSA-SHA256(body)), the X-MEN-Signature header value. */
    public String sign(byte[] body) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the auth request: " + e.getMessage(), e);
        }
    }

    /** Verifies a signature the way deviceauth does, with the public key from the request. */
    public static boolean verify(PublicKey key, byte[] body, String base64Signature) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(body);
            return s.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
