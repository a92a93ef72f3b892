package dev.menderharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.menderharness.support.Reporter;
import java.nio.file.Path;
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
    private final Path runsDir;

    /** {@code runsDir}: where runs keep their work directories ({@link RunDirectory}), removed with the run. */
    public Reaper(DockerClient docker, Reporter reporter, Path runsDir) {
        this.docker = docker;
        this.reporter = reporter;
        this.runsDir = runsDir;
    }

    /**
     * Pure selection logic: the run ids among {@code resources} that are dead, judged by {@code self}
     * (owners of its host and PID namespace are asked {@code ownerAlive}; others go by their lease).
     */
    public static Set<String> deadRuns(List<Labelled> resources, String currentRunId, Instant now,
                                       Owner self, Predicate<Owner> ownerAlive) {
        Set<String> dead = new LinkedHashSet<>();
        Set<String> alive = new LinkedHashSet<>();
        for (Labelled r : resources) {
            String run = r.labels().get(RunLabels.RUN);
            if (run == null || run.equals(currentRunId) || "true".equals(r.labels().get(RunLabels.KEEP))) {
                if (run != null) alive.add(run);
                continue;
            }
            if (isDead(r.labels(), now, self, ownerAlive)) {
                dead.add(run);
            } else {
                alive.add(run);
            }
        }
        dead.removeAll(alive); // one live-looking resource keeps the whole run
        return dead;
    }

    static boolean isDead(Map<String, String> labels, Instant now, Owner self, Predicate<Owner> ownerAlive) {
        String lease = labels.get(RunLabels.LEASE_UNTIL);
        if (lease != null) {
            try {
                if (Instant.ofEpochSecond(Long.parseLong(lease)).isBefore(now)) return true;
            } catch (NumberFormatException e) {
                // unreadable lease: decide by the owner alone
            }
        }
        Optional<Owner> owner = Owner.parse(labels.get(RunLabels.OWNER));
        if (owner.isEmpty() || !self.canJudge(owner.get())) return false; // another machine's run: lease only
        return !ownerAlive.test(owner.get());
    }

    /**
     * The owner of {@code runId}'s resources that is alive now (a test run in progress, an {@code up}
     * still bringing its stack up), if any: {@code down} leaves such a run alone unless forced.
     */
    public static Optional<Owner> liveOwner(List<Labelled> resources, Owner self, Predicate<Owner> ownerAlive) {
        for (Labelled r : resources) {
            if ("true".equals(r.labels().get(RunLabels.KEEP))) continue;
            Optional<Owner> owner = Owner.parse(r.labels().get(RunLabels.OWNER));
            if (owner.isPresent() && self.canJudge(owner.get()) && ownerAlive.test(owner.get())) return owner;
        }
        return Optional.empty();
    }

    /** Reaps dead runs other than {@code currentRunId}; returns the run ids removed. */
    public Set<String> reap(String currentRunId) {
        List<Labelled> all = list(null);
        Set<String> dead = deadRuns(all, currentRunId, Instant.now(), Owner.current(), Owner::isAlive);
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
        RunDirectory.delete(runsDir, runId);
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
