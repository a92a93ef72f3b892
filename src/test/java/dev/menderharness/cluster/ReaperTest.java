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

    /** The reaping process: host A, PID namespace 7. */
    private static final Owner SELF = new Owner("hostA", "7", 5, 0);

    private static Set<String> dead(List<Reaper.Labelled> resources) {
        // pid 111 is alive on this host, every other pid is gone
        return Reaper.deadRuns(resources, "current", NOW, SELF, owner -> owner.pid() == 111);
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
        Owner me = Owner.current();
        assertThat(me.isAlive()).isTrue();
        assertThat(new Owner(me.host(), me.pidNamespace(), me.pid(), me.startMillis() - 60_000).isAlive()).isFalse();
        assertThat(Owner.parse(me.toString())).contains(me);
    }

    /** Two containers on one host may share hostname and pid: a run of another PID namespace goes by its lease only. */
    @Test
    void anOwnerInAnotherPidNamespaceIsNotJudgedByPid() {
        assertThat(dead(List.of(res("other-ns", "hostA:8:222:1", FUTURE, false), res("same-ns", "hostA:7:222:1", FUTURE, false),
                res("other-ns-expired", "hostA:8:111:1", PAST, false)))).containsExactlyInAnyOrder("same-ns", "other-ns-expired");
    }

    @Test
    void liveOwnerNamesTheProcessStillWorkingOnARun() {
        assertThat(Reaper.liveOwner(List.of(res("r", "hostA:7:111:1", FUTURE, false)), SELF, o -> o.pid() == 111))
                .map(Owner::pid).contains(111L);
        assertThat(Reaper.liveOwner(List.of(res("r", "hostA:7:222:1", FUTURE, false)), SELF, o -> o.pid() == 111)).isEmpty();
        assertThat(Reaper.liveOwner(List.of(res("r", "hostA:8:111:1", FUTURE, false)), SELF, o -> o.pid() == 111))
                .as("another namespace's pid 111 is not this one's").isEmpty();
    }
}
