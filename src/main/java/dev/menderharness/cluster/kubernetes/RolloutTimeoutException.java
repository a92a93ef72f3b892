package dev.menderharness.cluster.kubernetes;

/** Workloads did not become available in time; the message names each one and its pods' states. */
public class RolloutTimeoutException extends RuntimeException {
    public RolloutTimeoutException(String message) {
        super(message);
    }
}
