package dev.menderharness.checks;

import dev.menderharness.cluster.InsecureTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Fetches a URL whose host only exists inside the stack (a presigned link on
 * {@code s3.docker.mender.io}) from the host, like an {@code /etc/hosts} entry would: the TCP/TLS
 * connection goes to the gateway's published loopback port, the request carries the link's own
 * Host header (which SigV4 signed) and its path and query byte for byte. java.net.http refuses to
 * set Host, so this uses Apache HttpClient, which keeps a Host header set on the request.
 */
public final class HostHeaderFetch {

    public record Response(int status, byte[] body) {
    }

    private HostHeaderFetch() {
    }

    /**
     * @param link    the link as handed out
     * @param connect where to connect instead (scheme, loopback host, port), e.g. the gateway's https endpoint
     */
    public static Response get(PresignedLink link, URI connect) {
        Loopback.require(connect);
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(5_000).setSocketTimeout(30_000).setConnectionRequestTimeout(5_000)
                .setRedirectsEnabled(false).build();
        try (CloseableHttpClient client = HttpClients.custom()
                .setSSLContext(InsecureTls.context())
                .setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                .disableContentCompression()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .setDefaultRequestConfig(timeouts)
                .build()) {
            HttpGet get = new HttpGet(link.pathAndQuery());
            get.setHeader("Host", link.hostHeader());
            HttpHost target = new HttpHost(connect.getHost(), connect.getPort(), connect.getScheme());
            try (CloseableHttpResponse resp = client.execute(target, get)) {
                byte[] body = resp.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(resp.getEntity());
                return new Response(resp.getStatusLine().getStatusCode(), body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fetching " + link.hostHeader() + link.uri().getRawPath() + " via " + connect
                    + " failed: " + e.getMessage(), e);
        }
    }
}
