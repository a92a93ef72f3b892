package dev.menderharness.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels every container, network and volume of a run carries. The {@link Reaper} reads them
 * to tell leftovers of killed runs from resources of runs still alive.
 *
 * @param runId      value of {@code dev.menderharness.run}
 * @param owner      the JVM that owns the run ({@link Owner}: host, PID namespace, pid, start time)
 * @param leaseUntil after this instant the run counts as dead even if its owner cannot be checked
 * @param keep       kept by {@code up} until {@code down}: never reaped
 */
public record RunLabels(String runId, String owner, Instant leaseUntil, boolean keep) {

    public static final String RUN = "dev.menderharness.run";
    public static final String OWNER = "dev.menderharness.owner";
    public static final String LEASE_UNTIL = "dev.menderharness.lease-until";
    public static final String KEEP = "dev.menderharness.keep";
    /** Default lease: long enough for the slowest full suite, short enough that CI reaps the next day. */
    public static final Duration DEFAULT_LEASE = Duration.ofHours(3);

    /** Labels for a new run owned by this JVM. */
    public static RunLabels forThisProcess(String runId, Duration lease, boolean keep) {
        return new RunLabels(runId, thisOwner(), Instant.now().plus(lease), keep);
    }

    public static String thisOwner() {
        return Owner.current().toString();
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RUN, runId);
        m.put(OWNER, owner);
        m.put(LEASE_UNTIL, Long.toString(leaseUntil.getEpochSecond()));
        if (keep) {
            m.put(KEEP, "true");
        }
        return m;
    }

    /** A short, sortable, unique run id: {@code r<yyMMddHHmmss><4 random hex>}. */
    public static String newRunId() {
        String ts = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        return "r" + ts + String.format("%04x", new java.security.SecureRandom().nextInt(0x10000));
    }
}
