package dev.menderharness.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Joining background work so that its failure surfaces as itself, not wrapped. */
public final class Futures {

    private Futures() {
    }

    /** The result, or the work's own RuntimeException (anything else wrapped in IllegalStateException). */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
