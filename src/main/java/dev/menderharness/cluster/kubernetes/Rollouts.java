package dev.menderharness.cluster.kubernetes;

import dev.menderharness.support.Waits;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rollout status the way {@code kubectl rollout status} judges it: the controller saw the latest
 * generation and every desired replica is updated and available (ready for StatefulSets). What is
 * not there yet is described per workload, with the waiting/terminated reasons of its pods, so a
 * timeout names what to look at.
 */
final class Rollouts {

    /** Pod states that will not resolve by waiting: a rollout that reached them has "finished". */
    static final Set<String> STUCK = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "CreateContainerConfigError", "CreateContainerError", "InvalidImageName", "RunContainerError", "Error");

    private final Workloads workloads;

    Rollouts(Workloads workloads) {
        this.workloads = workloads;
    }

    /** Empty when the workload is rolled out and available; else why not, in one line. */
    Optional<String> pending(HasMetadata w) {
        long generation = w.getMetadata().getGeneration() == null ? 0 : w.getMetadata().getGeneration();
        int desired = Workloads.desired(w);
        long observed;
        int updated;
        int available;
        int total = 0;
        if (w instanceof Deployment d) {
            DeploymentStatus s = d.getStatus();
            observed = s == null || s.getObservedGeneration() == null ? -1 : s.getObservedGeneration();
            updated = s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas();
            available = s == null || s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas();
            total = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
        } else {
            StatefulSetStatus s = ((StatefulSet) w).getStatus();
            observed = s == null || s.getObservedGeneration() == null ? -1 : s.getObservedGeneration();
            updated = s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas();
            available = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
        }
        // As kubectl rollout status: also wait for old replicas to be gone (total > updated).
        if (observed >= generation && updated >= desired && available >= desired && total <= updated) {
            return Optional.empty();
        }
        StringBuilder why = new StringBuilder(Workloads.id(w)).append(": ").append(available).append('/').append(desired)
                .append(" available, ").append(updated).append(" updated");
        if (observed < generation) why.append(", generation ").append(generation).append(" not observed yet");
        if (total > updated) why.append(", ").append(total - updated).append(" old replica(s) pending termination");
        List<String> podStates = new ArrayList<>();
        for (Pod p : workloads.pods(w)) {
            podStates.add(p.getMetadata().getName() + " " + podState(p));
        }
        if (!podStates.isEmpty()) why.append(" (").append(String.join(", ", podStates)).append(')');
        return Optional.of(why.toString());
    }

    /** True when some pod of the workload sits in a state waiting will not fix. */
    boolean stuck(HasMetadata w) {
        return workloads.pods(w).stream().anyMatch(p -> STUCK.stream().anyMatch(podState(p)::contains));
    }

    /** Waits until every named workload is available; throws naming each one that is not. */
    void await(List<String> names, Duration timeout, Duration poll) {
        Waits.atMost(timeout).every(poll).until(() -> {
            List<String> pending = new ArrayList<>();
            for (String n : names) {
                Optional<HasMetadata> w = workloads.find(n);
                if (w.isEmpty()) pending.add(n + ": workload does not exist");
                else pending(w.get()).ifPresent(pending::add);
            }
            return pending.isEmpty() ? null : String.join("; ", pending);
        }, last -> new RolloutTimeoutException("not available after " + timeout.toSeconds() + "s: " + last));
    }

    /** Waits until each workload is rolled out or stuck (broken variants may never become available). */
    List<String> awaitSettled(List<String> names, Duration timeout, Duration poll) {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        Waits.atMost(timeout).every(poll).within(() -> {
            List<String> pending = new ArrayList<>();
            for (String n : names) {
                Optional<HasMetadata> w = workloads.find(n);
                if (w.isPresent()) {
                    Optional<String> p = pending(w.get());
                    if (p.isPresent() && !stuck(w.get())) pending.add(p.get());
                }
            }
            last.set(0, pending);
            return pending.isEmpty();
        });
        return last.get(0);
    }

    static String podState(Pod p) {
        StringBuilder sb = new StringBuilder(p.getStatus() == null || p.getStatus().getPhase() == null
                ? "Pending" : p.getStatus().getPhase());
        if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getWaiting() != null) {
                    sb.append(' ').append(cs.getName()).append('=').append(cs.getState().getWaiting().getReason());
                } else if (cs.getState() != null && cs.getState().getTerminated() != null) {
                    sb.append(' ').append(cs.getName()).append("=terminated:").append(cs.getState().getTerminated().getReason());
                }
                if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
                    sb.append(" restarts=").append(cs.getRestartCount());
                }
            }
        }
        return sb.toString();
    }

}
