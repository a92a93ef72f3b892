package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.menderharness.support.Waits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLoopTest {

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicBoolean broken = new AtomicBoolean();
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(broken.get() ? 502 : 200, -1);
            ex.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private RequestLoop loop(int max, Duration maxTime) {
        return new RequestLoop(HttpClient.newHttpClient(), RequestLoop.get(() -> uri, null, Duration.ofSeconds(2)),
                s -> s == 200, Duration.ofMillis(5), max, maxTime);
    }

    @Test
    void stopsAtTheRequestBound() {
        LoopResult r = loop(25, Duration.ofSeconds(30)).start().awaitEnd(Duration.ofSeconds(20));
        assertThat(r.sent()).isEqualTo(25);
        assertThat(hits.get()).isEqualTo(25);
        assertThat(r.failed()).isZero();
        assertThat(r.latencies().samples()).isEqualTo(25);
    }

    @Test
    void countsTheRequestsStartedAfterAMoment() {
        RequestLoop l = loop(1_000_000, Duration.ofSeconds(10)).start();
        Waits.pause(Duration.ofMillis(150));
        double mark = l.elapsedSeconds();
        Waits.atMost(Duration.ofSeconds(5)).every(Duration.ofMillis(10)).within(() -> l.sentAfter(mark) >= 5);
        assertThat(l.sentAfter(mark)).isGreaterThanOrEqualTo(5);
        assertThat(l.running()).isTrue();
        LoopResult r = l.stop();
        assertThat(l.running()).isFalse();
        assertThat(l.sentAfter(-1)).isEqualTo(r.sent());
    }

    @Test
    void stopsAtTheTimeBound() {
        LoopResult r = loop(1_000_000, Duration.ofMillis(300)).start().awaitEnd(Duration.ofSeconds(10));
        assertThat(r.seconds()).isBetween(0.29, 1.5);
        assertThat(r.sent()).isPositive().isLessThan(1_000_000);
        assertThat(hits.get()).isEqualTo(r.sent());
    }

    @Test
    void countsFailuresWithTheirTime() {
        RequestLoop l = loop(1000, Duration.ofSeconds(10)).start();
        Waits.pause(Duration.ofMillis(200));
        broken.set(true);
        Waits.pause(Duration.ofMillis(200));
        broken.set(false);
        Waits.pause(Duration.ofMillis(200));
        LoopResult r = l.stop();
        assertThat(r.failed()).isPositive().isLessThan(r.sent());
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.what()).startsWith("HTTP 502"));
        assertThat(r.failures().get(0).atSeconds()).isGreaterThan(0.1);
        assertThat(r.failedAfter(10)).isZero();
        assertThat(r.latencies().samples()).isEqualTo(r.sent() - r.failed());
    }

    @Test
    void connectionErrorsAreFailuresNotCrashes() {
        server.stop(0);
        LoopResult r = loop(5, Duration.ofSeconds(10)).start().awaitEnd(Duration.ofSeconds(20));
        assertThat(r.sent()).isEqualTo(5);
        assertThat(r.failed()).isEqualTo(5);
        assertThat(r.failures().get(0).what()).contains("ConnectException");
        assertThat(r.latencies().samples()).isZero();
    }

    @Test
    void refusesNonLoopbackTargets() {
        RequestLoop l = new RequestLoop(HttpClient.newHttpClient(),
                RequestLoop.get(() -> URI.create("http://192.0.2.1/"), null, Duration.ofSeconds(1)),
                s -> true, Duration.ofMillis(5), 1, Duration.ofSeconds(1));
        assertThatThrownBy(l::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only loopback");
    }
}
