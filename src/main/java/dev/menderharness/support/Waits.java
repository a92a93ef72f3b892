package dev.menderharness.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one way the harness waits for a condition: Awaitility, polling in the caller's thread (engine
 * and HTTP clients are not shared with a poller thread), first poll at once. A condition is written
 * as "what is still wrong" ({@code null} when it holds) so that a timeout can say what was wrong
 * last, in the caller's own exception ({@code AssertionError} in checks, {@code IllegalStateException}
 * in providers).
 *
 * <pre>{@code
 * Waits.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(250))
 *      .until(() -> ready == expected ? null : ready + " of " + expected + " ready",
 *             last -> new IllegalStateException("swarm not ready: " + last));
 * }</pre>
 */
public final class Waits {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private final Duration timeout;
    private final Duration interval;

    private Waits(Duration timeout, Duration interval) {
        this.timeout = timeout;
        this.interval = interval;
    }

    public static Waits atMost(Duration timeout) {
        return new Waits(timeout, DEFAULT_INTERVAL);
    }

    public Waits every(Duration pollInterval) {
        return new Waits(timeout, pollInterval);
    }

    /**
     * Polls {@code problem} until it returns null; returns how long that took. On timeout throws
     * {@code onTimeout} applied to the last problem. Exceptions of {@code problem} end the wait.
     */
    public Duration until(Supplier<String> problem, Function<String, ? extends Throwable> onTimeout) {
        AtomicReference<String> last = new AtomicReference<>("not checked yet");
        Stopwatch watch = Stopwatch.start();
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval).pollInSameThread()
                    .until(() -> {
                        String p = problem.get();
                        last.set(p);
                        return p == null;
                    });
            return watch.elapsed();
        } catch (ConditionTimeoutException e) {
            throw Exceptions.sneaky(onTimeout.apply(last.get()));
        }
    }

    /**
     * Polls {@code value} until it is present and returns it. On timeout throws {@code onTimeout}
     * applied to what {@code state} said last (asked after each empty poll).
     */
    public <T> T until(Supplier<Optional<T>> value, Supplier<String> state, Function<String, ? extends Throwable> onTimeout) {
        AtomicReference<T> found = new AtomicReference<>();
        until(() -> {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                found.set(v.get());
                return null;
            }
            return state.get();
        }, onTimeout);
        return found.get();
    }

    /** Polls until {@code condition} holds, or the time is up; never throws for the timeout. */
    public boolean within(Supplier<Boolean> condition) {
        try {
            until(() -> condition.get() ? null : "not yet", ConditionNotMet::new);
            return true;
        } catch (ConditionNotMet e) {
            return false;
        }
    }

    private static final class ConditionNotMet extends RuntimeException {
        ConditionNotMet(String state) {
            super(state, null, false, false);
        }
    }

    /**
     * A fixed pause, for the few places that wait for time itself to pass (a grace period, a
     * request spacing), not for a condition.
     */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
