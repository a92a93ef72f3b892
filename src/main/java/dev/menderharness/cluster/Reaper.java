package dev.menderharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.menderharness.support.Reporter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes what killed runs left on the host engine: containers, networks and volumes labelled
 * {@code dev.menderharness.run} whose run is dead. A run is dead when its owner JVM ran on this
 * host and is gone, or its lease expired. Resources without an owner or lease label, kept runs
 * ({@code up}) and the current run are never touched: they are not ours to judge.
 */
public final class Reaper {

    /** What the reaper knows about one labelled resource. */
    public record Labelled(String kind, String id, Map<String, String> labels) {
    }

    private final DockerClient docker;
    private final Reporter reporter;

    public Reaper(DockerClient docker, Reporter reporter) {
        this.docker = docker;
        this.reporter = reporter;
    }

    /** Pure selection logic: the run ids among {@code resources} that are dead. */
    public static Set<String> deadRuns(List<Labelled> resources, String currentRunId, Instant now,
                                       String thisHost, Predicate<String> ownerAlive) {
        Set<String> dead = new LinkedHashSet<>();
        Set<String> alive = new LinkedHashSet<>();
        for (Labelled r : resources) {
            String run = r.labels().get(RunLabels.RUN);
            if (run == null || run.equals(currentRunId) || "true".equals(r.labels().get(RunLabels.KEEP))) {
                if (run != null) alive.add(run);
                continue;
            }
            if (isDead(r.labels(), now, thisHost, ownerAlive)) {
                dead.add(run);
            } else {
                alive.add(run);
            }
        }
        dead.removeAll(alive); // one live-looking resource keeps the whole run
        return dead;
    }

    static boolean isDead(Map<String, String> labels, Instant now, String thisHost, Predicate<String> ownerAlive) {
        String lease = labels.get(RunLabels.LEASE_UNTIL);
        if (lease != null) {
            try {
                if (Instant.ofEpochSecond(Long.parseLong(lease)).isBefore(now)) return true;
            } catch (NumberFormatException e) {
                // unreadable lease: decide by the owner alone
            }
        }
        String owner = labels.get(RunLabels.OWNER);
        if (owner == null) return false;
        String[] parts = owner.split(":");
        if (parts.length != 3 || !parts[0].equals(thisHost)) return false; // another host's run: lease only
        return !ownerAlive.test(owner);
    }

    /** True when {@code host:pid:startMillis} names a process running now (same pid and start time). */
    public static boolean ownerAlive(String owner) {
        String[] parts = owner.split(":");
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) return false;
            long actual = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(start);
            return Math.abs(actual - start) < 2000;
        } catch (RuntimeException e) {
            return true; // cannot tell: do not reap
        }
    }

    /** Reaps dead runs other than {@code currentRunId}; returns the run ids removed. */
    public Set<String> reap(String currentRunId) {
        List<Labelled> all = list(null);
        Set<String> dead = deadRuns(all, currentRunId, Instant.now(), RunLabels.hostName(), Reaper::ownerAlive);
        for (String run : dead) {
            removeRun(run);
            reporter.progress("reaped leftovers of dead run " + run);
        }
        return dead;
    }

    /** Every labelled resource, optionally of one run. */
    public List<Labelled> list(String runId) {
        String filter = runId == null ? RunLabels.RUN : RunLabels.RUN + "=" + runId;
        List<Labelled> out = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec()) {
            out.add(new Labelled("container", c.getId(), c.getLabels()));
        }
        for (Network n : docker.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
            out.add(new Labelled("network", n.getId(), n.getLabels()));
        }
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
        if (volumes != null) {
            for (var v : volumes) {
                out.add(new Labelled("volume", v.getName(), v.getLabels() == null ? Map.of() : v.getLabels()));
            }
        }
        return out;
    }

    /**
     * Removes every container, then network, then volume of {@code runId}; errors are collected, not
     * hidden. Returns what it removed.
     */
    public List<Labelled> removeRun(String runId) {
        List<String> errors = new ArrayList<>();
        List<Labelled> removed = new ArrayList<>();
        List<Labelled> resources = list(runId);
        for (String kind : List.of("container", "network", "volume")) {
            for (Labelled r : resources) {
                if (!r.kind().equals(kind)) continue;
                try {
                    switch (kind) {
                        case "container" -> docker.removeContainerCmd(r.id()).withForce(true).withRemoveVolumes(true).exec();
                        case "network" -> docker.removeNetworkCmd(r.id()).exec();
                        default -> docker.removeVolumeCmd(r.id()).exec();
                    }
                    removed.add(r);
                } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                    // already removed (e.g. by Testcontainers): fine
                } catch (RuntimeException e) {
                    errors.add(kind + " " + r.id() + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("could not remove everything of run " + runId + ": " + String.join("; ", errors));
        }
        return removed;
    }

    /** Runs kept by {@code up} (label {@value RunLabels#KEEP}), by run id. */
    public static Set<String> keptRuns(List<Labelled> resources) {
        Set<String> kept = new java.util.TreeSet<>();
        for (Labelled r : resources) {
            if ("true".equals(r.labels().get(RunLabels.KEEP)) && r.labels().get(RunLabels.RUN) != null) {
                kept.add(r.labels().get(RunLabels.RUN));
            }
        }
        return kept;
    }

    /** "2 containers, 1 network, 2 volumes": what {@link #removeRun} removed, for people. */
    public static String summary(List<Labelled> removed) {
        List<String> parts = new ArrayList<>();
        for (String kind : List.of("container", "network", "volume")) {
            long n = removed.stream().filter(r -> r.kind().equals(kind)).count();
            parts.add(n + " " + kind + (n == 1 ? "" : "s"));
        }
        return String.join(", ", parts);
    }
}
