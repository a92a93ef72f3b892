package dev.menderharness.checks.scaling;

import dev.menderharness.checks.AccessLogs;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which replicas answered a set of requests, from the service's own access log: each request carried a
 * unique {@code X-MEN-RequestID}, Mender logs it as {@code request_id}, and the provider's log format says
 * which replica wrote the line ({@link AccessLogs}: Swarm task prefixes, Kubernetes pod headers). The
 * same evidence on real Mender images and on stand-ins; no stand-in-only header is read.
 *
 * @param perReplica requests each replica logged (replica name as the provider prints it)
 * @param found      requests found in the log at all (of {@code sent})
 * @param sent       requests sent
 * @param unplaced   requests found on lines no replica prefix or header claims
 */
public record ReplicaSpread(Map<String, Integer> perReplica, int found, int sent, int unplaced) {

    /** The spread of the requests {@code requestIds} in {@code logs}. */
    public static ReplicaSpread of(String logs, Collection<String> requestIds) {
        return of(AccessLogs.parse(logs), requestIds);
    }

    /** The spread of the requests {@code requestIds} in each replica's log ({@code RunningStack.replicaLogs}). */
    public static ReplicaSpread of(Map<String, String> perReplica, Collection<String> requestIds) {
        return of(AccessLogs.parse(perReplica), requestIds);
    }

    private static ReplicaSpread of(java.util.List<AccessLogs.Entry> entries, Collection<String> requestIds) {
        Set<String> wanted = new HashSet<>(requestIds);
        Map<String, Integer> per = new TreeMap<>();
        Set<String> found = new HashSet<>();
        Set<String> unplaced = new HashSet<>();
        for (AccessLogs.Entry e : entries) {
            if (!wanted.contains(e.requestId()) || e.authVerify()) {
                continue;
            }
            if (!found.add(e.requestId())) {
                continue; // one answer per request: a duplicated line says nothing more
            }
            if (e.replica().isEmpty()) {
                unplaced.add(e.requestId());
            } else {
                per.merge(e.replica(), 1, Integer::sum);
            }
        }
        return new ReplicaSpread(per, found.size(), wanted.size(), unplaced.size());
    }

    /** The replicas that answered at least one of the requests. */
    public Set<String> replicas() {
        return perReplica.keySet();
    }

    /** Every request sent was found in the log. */
    public boolean complete() {
        return found >= sent;
    }

    /** One line for reports: "3 replicas: a=12, b=15, c=13 (40 of 40 requests in the log)". */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(perReplica.size()).append(" replica(s)");
        if (!perReplica.isEmpty()) {
            sb.append(": ");
            perReplica.forEach((r, n) -> sb.append(r).append('=').append(n).append(", "));
            sb.setLength(sb.length() - 2);
        }
        sb.append(" (").append(found).append(" of ").append(sent).append(" requests in the log");
        if (unplaced > 0) {
            sb.append(", ").append(unplaced).append(" on lines without a replica prefix");
        }
        return sb.append(')').toString();
    }
}
