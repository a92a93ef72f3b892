package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kills one replica's container (no graceful stop): the orchestrator must replace it and the
 * service be healthy again within 30 s. Requests through the gateway keep going meanwhile; failures
 * are counted. The bound asserted: none may fail once the replacement is healthy and the gateway's
 * resolver has had {@link #GATEWAY_GRACE} to see the new address. Failures before that are the
 * unavoidable outage of a killed replica and are reported, not asserted (a single-replica service
 * cannot answer while its only replica is dead).
 */
public final class KillReplicaCheck {

    public record Result(String service, double secondsToHealthy, LoopResult requests) {
    }

    static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);
    /** Resolver TTL of the gateway plus one request timeout. */
    static final Duration GATEWAY_GRACE = Duration.ofSeconds(10);

    private final RunningStack stack;
    private final String jwt;
    private final MenderComponent component;

    public KillReplicaCheck(RunningStack stack, String jwt, MenderComponent component) {
        this.stack = stack;
        this.jwt = jwt;
        this.component = component;
    }

    public Result run() {
        String svc = Roles.name(stack, component);
        int desired = stack.runningReplicas(svc);
        if (desired < 1) {
            throw new AssertionError(svc + " has no running replica to kill");
        }
        List<String> before = stack.replicaAddresses(svc);
        String path = MenderApi.managementGet(component);
        RequestLoop loop = new RequestLoop(RequestLoop.gatewayClient(),
                RequestLoop.get(() -> stack.gateway().https().resolve(path), jwt, Duration.ofSeconds(5)),
                c -> c == 200, Duration.ofMillis(100), 1_000, HEALTHY_WITHIN.plus(GATEWAY_GRACE).plusSeconds(20)).start();
        double healthyAt;
        double killedAt;
        LoopResult result;
        try {
            sleep(Duration.ofSeconds(1));
            Report.step("kill one replica of " + svc, () -> stack.killOneReplica(svc));
            // The clock starts when the kill returned (the container is dead then); finding the task
            // and its node is the provider's overhead, not the orchestrator's recovery time.
            killedAt = loop.elapsedSeconds();
            healthyAt = Report.step(svc + " replaced and healthy within " + HEALTHY_WITHIN.toSeconds() + " s", () -> {
                long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
                String state = "";
                do {
                    int running = stack.runningReplicas(svc);
                    List<Integer> codes = running == desired ? ServiceHealth.perReplica(stack, component) : List.of();
                    state = running + "/" + desired + " running, health " + codes;
                    if (running == desired && codes.size() == desired && codes.stream().allMatch(c -> c == 204)) {
                        return loop.elapsedSeconds();
                    }
                    sleep(Duration.ofMillis(300));
                } while (System.nanoTime() < deadline);
                throw new AssertionError(svc + " was not replaced and healthy within " + HEALTHY_WITHIN.toSeconds()
                        + " s of a replica being killed: " + state);
            });
            sleep(GATEWAY_GRACE.plusSeconds(2));
        } finally {
            result = loop.stop();
        }
        double secondsToHealthy = healthyAt - killedAt;
        List<String> after = stack.replicaAddresses(svc);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_to_healthy", round(secondsToHealthy));
        m.put("requests", result.asMap());
        m.put("failed_after_recovery_grace", result.failedAfter(healthyAt + GATEWAY_GRACE.toSeconds()));
        m.put("addresses_before", before);
        m.put("addresses_after", after);
        Report.attachJson("kill a replica of " + svc, BenchmarkJson.named("recovery").put("recovery.kill-replica." + svc, m));
        Report.progress(svc + ": healthy " + round(secondsToHealthy) + " s after the kill; " + result.failed() + " of "
                + result.sent() + " gateway requests failed; " + result.latencies());

        long late = result.failedAfter(healthyAt + GATEWAY_GRACE.toSeconds());
        if (late > 0) {
            throw new AssertionError(svc + ": " + late + " gateway requests still failed more than " + GATEWAY_GRACE.toSeconds()
                    + " s after the replacement replica was healthy (replacement healthy at +" + round(healthyAt)
                    + " s): the gateway keeps sending to the dead replica" + result.describeFailures(8));
        }
        return new Result(svc, secondsToHealthy, result);
    }

    static double round(double s) {
        return Math.round(s * 100) / 100.0;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
