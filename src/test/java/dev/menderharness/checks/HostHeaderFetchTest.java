package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host-side fetch sends the link's Host and raw query to the loopback port it is told to use. */
class HostHeaderFetchTest {

    private HttpServer server;
    private final AtomicReference<String> host = new AtomicReference<>();
    private final AtomicReference<String> rawQuery = new AtomicReference<>();
    private final byte[] payload = new byte[200_000];

    @BeforeEach
    void start() throws Exception {
        new Random(7).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mender-artifact-storage/", ex -> {
            host.set(ex.getRequestHeaders().getFirst("Host"));
            rawQuery.set(ex.getRequestURI().getRawQuery());
            boolean good = ex.getRequestURI().getRawQuery().endsWith("X-Amz-Signature=abc0");
            if (good) {
                ex.sendResponseHeaders(200, payload.length);
                ex.getResponseBody().write(payload);
            } else {
                ex.sendResponseHeaders(403, -1);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheSignedHostAndGetsIdenticalBytes() {
        PresignedLink link = PresignedLink.parse("http://s3.docker.mender.io/mender-artifact-storage/id1"
                + "?response-content-disposition=attachment%3B%20filename%3D%22a.mender%22&X-Amz-Signature=abc0");
        URI connect = URI.create("http://localhost:" + server.getAddress().getPort());
        HostHeaderFetch.Response r = HostHeaderFetch.get(link, connect);
        assertThat(r.status()).isEqualTo(200);
        assertThat(host.get()).isEqualTo("s3.docker.mender.io");
        assertThat(rawQuery.get()).contains("attachment%3B%20filename%3D%22a.mender%22");
        assertThat(Sha256.hex(r.body())).isEqualTo(Sha256.hex(payload));
        assertThat(HostHeaderFetch.get(link.tampered(), connect).status()).isEqualTo(403);
    }

    @Test
    void refusesToConnectAnywhereButLoopback() {
        PresignedLink link = PresignedLink.parse("https://s3.docker.mender.io/b/k?X-Amz-Signature=ab");
        assertThatThrownBy(() -> HostHeaderFetch.get(link, URI.create("https://192.0.2.10:443")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
