package dev.menderharness.checks;

import static io.restassured.RestAssured.given;

import io.restassured.config.DecoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Fetches a URL whose host only exists inside the stack (a presigned link on
 * {@code s3.docker.mender.io}) from the host, like an {@code /etc/hosts} entry would: the TCP/TLS
 * connection goes to the gateway's published loopback port, the request carries the link's own
 * Host header (which SigV4 signed) and its path and query byte for byte (no URL encoding, no
 * redirects, no content decoding). java.net.http refuses to set Host; REST Assured's HTTP client
 * keeps a Host header set on the request.
 */
public final class HostHeaderFetch {

    public record Response(int status, byte[] body) {
    }

    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false))
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders())
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", 5_000)
                    .setParam("http.socket.timeout", 30_000));

    private HostHeaderFetch() {
    }

    /**
     * @param link    the link as handed out
     * @param connect where to connect instead (scheme, loopback host, port), e.g. the gateway's https endpoint
     */
    public static Response get(PresignedLink link, URI connect) {
        Loopback.require(connect);
        URI target = MenderApiClient.RedirectFollowing.explicitPort(connect);
        String url = target.getScheme() + "://" + target.getRawAuthority() + link.pathAndQuery();
        try {
            io.restassured.response.Response r = given()
                    .config(CONFIG)
                    .urlEncodingEnabled(false)
                    .relaxedHTTPSValidation("TLS")
                    .noContentType()
                    .header("Host", link.hostHeader())
                    .when().get(url);
            return new Response(r.statusCode(), r.asByteArray());
        } catch (Exception e) { // REST Assured passes the HTTP client's checked exceptions on unwrapped
            IOException io = e instanceof IOException i ? i : new IOException(e);
            throw new UncheckedIOException("fetching " + link.hostHeader() + link.uri().getRawPath() + " via " + connect
                    + " failed: " + e.getMessage(), io);
        }
    }
}
