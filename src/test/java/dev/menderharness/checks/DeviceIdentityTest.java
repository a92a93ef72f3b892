package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {

    private static final DeviceIdentity DEVICE = DeviceIdentity.generate("52:54:00:aa:bb:cc");

    @Test
    void bodyCarriesIdentityAsJsonStringAndPemKey() throws Exception {
        JsonNode body = new ObjectMapper().readTree(DEVICE.authRequestBody());
        assertThat(body.path("id_data").isTextual()).as("id_data is a JSON string, not an object").isTrue();
        assertThat(body.path("id_data").asText()).isEqualTo("{\"mac\":\"52:54:00:aa:bb:cc\"}");
        assertThat(body.path("tenant_token").asText()).isEmpty();
        assertThat(body.path("pubkey").asText()).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void signatureVerifiesWithThePublicKeyFromTheRequest() throws Exception {
        byte[] body = DEVICE.authRequestBody();
        String sig = DEVICE.sign(body);
        // Read the key back from the PEM in the body, as deviceauth does.
        String pem = new ObjectMapper().readTree(body).path("pubkey").asText();
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        assertThat(DeviceIdentity.verify(key, body, sig)).isTrue();
    }

    @Test
    void signatureCoversTheExactBytes() {
        byte[] body = DEVICE.authRequestBody();
        String sig = DEVICE.sign(body);
        byte[] withNewline = (new String(body, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(DeviceIdentity.verify(DEVICE.publicKey(), withNewline, sig)).isFalse();
        assertThat(DeviceIdentity.verify(DeviceIdentity.generate("other").publicKey(), body, sig)).isFalse();
    }

    @Test
    void findsDeviceAndAuthSetInDevauthList() {
        String pem = DEVICE.publicKeyPem().replace("\n", "\\n");
        String list = "[{\"id\":\"d0\",\"identity_data\":{\"mac\":\"other\"},\"auth_sets\":[{\"id\":\"a0\",\"pubkey\":\"x\",\"status\":\"pending\"}]},"
                + "{\"id\":\"d1\",\"identity_data\":{\"mac\":\"52:54:00:aa:bb:cc\"},\"status\":\"pending\",\"auth_sets\":["
                + "{\"id\":\"a1\",\"pubkey\":\"old\",\"status\":\"rejected\"},"
                + "{\"id\":\"a2\",\"pubkey\":\"" + pem + "\",\"status\":\"pending\"}]}]";
        assertThat(MenderApiClient.parseDevice(list, DEVICE))
                .contains(new MenderApiClient.DeviceAuthSet("d1", "a2", "pending"));
        assertThat(MenderApiClient.parseDevice("[]", DEVICE)).isEmpty();
    }

    @Test
    void recognisesJwtShape() {
        assertThat(MenderApiClient.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n")).isTrue();
        assertThat(MenderApiClient.looksLikeJwt("{\"error\":\"unauthorized\"}")).isFalse();
        assertThat(MenderApiClient.looksLikeJwt(null)).isFalse();
    }
}
