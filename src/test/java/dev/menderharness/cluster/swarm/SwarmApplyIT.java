package dev.menderharness.cluster.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cluster.ClusterKind;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.junit.MenderClusterTest;
import dev.menderharness.junit.RequiresCluster;
import dev.menderharness.junit.Tags;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.support.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply(dir)} on a running swarm stack updates only the services whose spec the new
 * manifests change: re-applying the same manifests leaves every spec version alone, a variant
 * that edits only the gateway's nginx template updates only the gateway, and restoring the
 * reference updates only the gateway again. Specs before/after land in target/swarm-apply/.
 */
@MenderClusterTest
@Tag(Tags.SWARM)
@RequiresCluster(value = ClusterKind.SWARM, because = "the DinD swarm provider's own suite")
class SwarmApplyIT {

    static final Path MANIFESTS = dev.menderharness.support.Settings.fromEnvironment().manifestsDir();
    static final String GATEWAY = "mender-api-gateway";

    @Test
    void applyUpdatesOnlyServicesWhoseSpecChanged(RunningStack running, @TempDir Path tmp) throws Exception {
        SwarmRunningStack stack = (SwarmRunningStack) running;
        Path out = Files.createDirectories(Path.of("target/swarm-apply"));

        List<String> same = applyAndDiff(stack, MANIFESTS, out, "1-same");
        assertThat(same).as("services updated by re-applying the same manifests").isEmpty();

        Path variant = ManifestVariant.load(Path.of("fixtures/broken/gateway-redirect-fixed-port"))
                .materialize(MANIFESTS, tmp.resolve("variant"));
        assertThat(applyAndDiff(stack, variant, out, "2-variant")).containsExactly(GATEWAY);

        assertThat(applyAndDiff(stack, MANIFESTS, out, "3-restore")).containsExactly(GATEWAY);
    }

    /**
     * Applies {@code dir}; returns the services whose spec changed, after checking that every other
     * service kept its running tasks (nothing rolled that did not have to).
     */
    private static List<String> applyAndDiff(SwarmRunningStack stack, Path dir, Path out, String step) throws Exception {
        Map<String, String> before = stack.serviceSpecs();
        Map<String, List<String>> tasksBefore = runningTaskIds(stack);
        Files.writeString(out.resolve(step + "-before.json"), SecretMasker.mask(String.join("\n", before.values())));
        long t0 = System.nanoTime();
        stack.apply(dir);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> after = stack.serviceSpecs();
        Files.writeString(out.resolve(step + "-after.json"), SecretMasker.mask(String.join("\n", after.values())));
        List<String> changed = SwarmRunningStack.changedSpecs(before, after);
        Map<String, List<String>> tasksAfter = runningTaskIds(stack);
        for (String svc : before.keySet()) {
            if (!changed.contains(svc)) {
                assertThat(tasksAfter.get(svc)).as(step + ": running tasks of unchanged " + svc).isEqualTo(tasksBefore.get(svc));
            }
        }
        String line = String.format("%s: apply %.1fs, spec changed %s%n", step, seconds, changed);
        Files.writeString(out.resolve("times.txt"), line, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.print("[swarm-apply] " + line);
        for (String svc : changed) Files.writeString(out.resolve(step + "-tasks-" + svc + ".txt"), taskTimeline(stack, svc));
        return changed;
    }

    /** Created/updated/state timestamps of a service's tasks: where a rollout spends its time. */
    private static String taskTimeline(SwarmRunningStack stack, String svc) {
        List<String> ids = stack.cli("docker", "service", "ps", "-q", "--no-trunc", stack.name() + "_" + svc).stdout().lines().toList();
        List<String> cmd = new ArrayList<>(List.of("docker", "inspect", "--format",
                "{{.ID}} created={{.CreatedAt}} updated={{.UpdatedAt}} desired={{.DesiredState}} state={{.Status.State}} at={{.Status.Timestamp}} {{.Status.Message}}"));
        cmd.addAll(ids);
        return stack.cli(cmd.toArray(String[]::new)).stdout();
    }

    private static Map<String, List<String>> runningTaskIds(SwarmRunningStack stack) {
        Map<String, List<String>> ids = new TreeMap<>();
        for (String svc : stack.serviceVersions().keySet()) {
            ids.put(svc, stack.runningTasks(svc).stream().map(t -> t.getId()).sorted().toList());
        }
        return ids;
    }
}
