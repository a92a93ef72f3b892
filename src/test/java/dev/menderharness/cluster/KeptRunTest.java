package dev.menderharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.support.Reporter;
import dev.menderharness.support.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes a run "kept" ({@code up}) and how the reaper and {@code down} treat it. */
class KeptRunTest {

    /**
     * A run up creates is not kept while up is still bringing it up: killed half-way, the next run's
     * reaper must remove it (its owner is gone, nothing of it says "kept"). Only Cluster.markKept,
     * called when up has finished, adds a resource labelled kept.
     */
    @Test
    void aRunMadeToBeKeptCarriesNoKeepLabelUntilUpHasFinished() {
        Map<String, String> created = ClusterOptions.throwaway("r1", Settings.defaults(), Reporter.console()).kept().labels().asMap();
        assertThat(created).doesNotContainKey(RunLabels.KEEP).containsEntry(RunLabels.RUN, "r1");
        assertThat(Instant.ofEpochSecond(Long.parseLong(created.get(RunLabels.LEASE_UNTIL))))
                .isBefore(Instant.now().plus(Duration.ofHours(4)));
        created.put(RunLabels.OWNER, Owner.current().host() + ":" + Owner.current().pidNamespace() + ":999999:1");
        assertThat(Reaper.deadRuns(List.of(new Reaper.Labelled("container", "n", created)), null, Instant.now(),
                Owner.current(), owner -> false)).as("a killed up's half-made run is reaped").containsExactly("r1");
    }

    @Test
    void aKeptRunSurvivesItsUpProcessExitingButAThrowawayRunDoesNot() {
        // labels as `up` writes them: owner = the up JVM, which has exited since
        Map<String, String> kept = RunLabels.forThisProcess("kept", Duration.ofDays(36500), true).asMap();
        kept.put(RunLabels.OWNER, Owner.current().host() + ":" + Owner.current().pidNamespace() + ":999999:1");
        Map<String, String> dead = RunLabels.forThisProcess("dead", Duration.ofHours(3), false).asMap();
        dead.put(RunLabels.OWNER, Owner.current().host() + ":" + Owner.current().pidNamespace() + ":999999:1");
        List<Reaper.Labelled> all = List.of(new Reaper.Labelled("container", "a", kept),
                new Reaper.Labelled("volume", "b", kept), new Reaper.Labelled("container", "c", dead));

        assertThat(Reaper.deadRuns(all, null, Instant.now(), Owner.current(), owner -> false)).containsExactly("dead");
        assertThat(Reaper.keptRuns(all)).containsExactly("kept");
    }

    @Test
    void summaryCountsWhatWasRemovedByKind() {
        List<Reaper.Labelled> removed = List.of(new Reaper.Labelled("container", "a", Map.of()),
                new Reaper.Labelled("container", "b", Map.of()), new Reaper.Labelled("network", "n", Map.of()));
        assertThat(Reaper.summary(removed)).isEqualTo("2 containers, 1 network, 0 volumes");
    }
}
