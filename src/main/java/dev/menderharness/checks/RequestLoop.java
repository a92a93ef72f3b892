package dev.menderharness.checks;

import dev.menderharness.cluster.InsecureTls;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * A steady, bounded stream of requests to the gateway on loopback while something happens to the
 * stack (a scale event, a killed replica). One request at a time, a fixed pause between them, and
 * hard limits on count and time, so it can never turn into a load test against anything.
 */
public final class RequestLoop implements AutoCloseable {

    private final HttpClient client;
    private final Supplier<HttpRequest> request;
    private final IntPredicate success;
    private final Duration pause;
    private final int maxRequests;
    private final Duration maxDuration;

    private final List<LoopResult.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> startedAt = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile int sent;
    private volatile Stopwatch watch;
    private volatile double seconds;
    private Thread thread;

    /**
     * @param request     builds each request; its URI must be on loopback
     * @param success     which status codes count as success
     * @param pause       pause between requests
     * @param maxRequests the loop stops by itself after this many
     * @param maxDuration ... or after this long, whichever comes first
     */
    public RequestLoop(HttpClient client, Supplier<HttpRequest> request, IntPredicate success,
                       Duration pause, int maxRequests, Duration maxDuration) {
        this.client = client;
        this.request = request;
        this.success = success;
        this.pause = pause;
        this.maxRequests = maxRequests;
        this.maxDuration = maxDuration;
    }

    /** An HTTP/1.1 client for the gateway's self-signed HTTPS endpoint on loopback. */
    public static HttpClient gatewayClient() {
        return HttpClient.newBuilder()
                .sslContext(InsecureTls.context())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    public RequestLoop start() {
        // Fail before the first request, not in the background thread.
        Loopback.require(request.get().uri());
        watch = Stopwatch.start();
        thread = new Thread(this::run, "request-loop");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!stopRequested && sent < maxRequests && watch.elapsed().compareTo(maxDuration) < 0) {
                one();
                Waits.pause(pause);
            }
        } catch (IllegalStateException interrupted) {
            stopRequested = true; // Waits.pause was interrupted: the loop ends, what it saw stands
        } finally {
            seconds = watch.seconds();
            finished.countDown();
        }
    }

    private void one() {
        double at = watch.seconds();
        Stopwatch took = Stopwatch.start();
        sent++;
        startedAt.add(at);
        try {
            HttpRequest req = request.get();
            Loopback.require(req.uri());
            HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
            double ms = took.elapsed().toNanos() / 1e6;
            if (success.test(resp.statusCode())) {
                latencies.add(ms);
            } else {
                failures.add(new LoopResult.Failure(at, "HTTP " + resp.statusCode() + " after " + Math.round(ms) + " ms"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        } catch (Exception e) {
            failures.add(new LoopResult.Failure(at, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
    }

    /** Seconds since the loop started; lets callers mark events on the loop's time line. */
    public double elapsedSeconds() {
        return watch.seconds();
    }

    /** Requests started after {@code seconds} on the loop's time line, so far. */
    public int sentAfter(double seconds) {
        synchronized (startedAt) {
            return (int) startedAt.stream().filter(t -> t > seconds).count();
        }
    }

    /** False once the loop ended, by {@link #stop()} or by its own bounds. */
    public boolean running() {
        return finished.getCount() > 0;
    }

    /** Waits until the loop ends by its own bounds (or {@code atMost} passed), then returns what it saw. */
    public LoopResult awaitEnd(Duration atMost) {
        try {
            finished.await(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stop();
    }

    /** Stops the loop (after the request in flight) and returns what it saw. */
    public LoopResult stop() {
        stopRequested = true;
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Double> lat;
        synchronized (latencies) {
            lat = List.copyOf(latencies);
        }
        List<LoopResult.Failure> fails;
        synchronized (failures) {
            fails = List.copyOf(failures);
        }
        return new LoopResult(sent, fails, LatencyPercentiles.of(lat), seconds);
    }

    @Override
    public void close() {
        if (thread != null) {
            stop();
        }
    }

    /** Convenience: a GET with a bearer token (may be null) and a per-request timeout. */
    public static Supplier<HttpRequest> get(Supplier<URI> uri, String bearer, Duration timeout) {
        return () -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri.get()).timeout(timeout).GET();
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            return b.build();
        };
    }
}
