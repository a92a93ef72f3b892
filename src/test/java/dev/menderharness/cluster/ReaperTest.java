package dev.menderharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReaperTest {

    private static final Instant NOW = Instant.parse("2026-11-26T02:00:00Z");
    private static final long FUTURE = NOW.plusSeconds(3600).getEpochSecond();
    private static final long PAST = NOW.minusSeconds(1).getEpochSecond();

    private static Reaper.Labelled res(String run, String owner, long lease, boolean keep) {
        Map<String, String> labels = new java.util.HashMap<>();
        labels.put(RunLabels.RUN, run);
        if (owner != null) labels.put(RunLabels.OWNER, owner);
        if (lease != 0) labels.put(RunLabels.LEASE_UNTIL, Long.toString(lease));
        if (keep) labels.put(RunLabels.KEEP, "true");
        return new Reaper.Labelled("container", run + "-c", labels);
    }

    private static Set<String> dead(List<Reaper.Labelled> resources) {
        // pid 111 is alive on this host, every other pid is gone
        return Reaper.deadRuns(resources, "current", NOW, "hostA", owner -> owner.startsWith("hostA:111:"));
    }

    @Test
    void reapsRunsWhoseOwnerProcessIsGoneOnThisHost() {
        assertThat(dead(List.of(res("gone", "hostA:222:1", FUTURE, false), res("alive", "hostA:111:1", FUTURE, false))))
                .containsExactly("gone");
    }

    @Test
    void reapsRunsWhoseLeaseExpiredEvenIfTheOwnerCannotBeChecked() {
        assertThat(dead(List.of(res("expired", "hostB:1:1", PAST, false), res("other-host", "hostB:1:1", FUTURE, false))))
                .containsExactly("expired");
    }

    @Test
    void neverReapsTheCurrentRunKeptRunsOrUnownedResources() {
        assertThat(dead(List.of(res("current", "hostA:222:1", PAST, false), res("kept", "hostA:222:1", PAST, true),
                res("foreign", null, 0, false)))).isEmpty();
    }

    @Test
    void oneLiveResourceKeepsTheWholeRun() {
        assertThat(dead(List.of(res("mixed", "hostA:222:1", FUTURE, false), res("mixed", "hostA:111:1", FUTURE, false))))
                .isEmpty();
    }

    @Test
    void ownerAliveChecksPidAndStartTime() {
        String me = RunLabels.thisOwner();
        assertThat(Reaper.ownerAlive(me)).isTrue();
        String[] p = me.split(":");
        assertThat(Reaper.ownerAlive(p[0] + ":" + p[1] + ":" + (Long.parseLong(p[2]) - 60_000))).isFalse();
    }
}
