package dev.menderharness.checks.recovery;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.LoopResult;
import dev.menderharness.checks.RequestLoop;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kills one replica's container (no graceful stop): the orchestrator must replace it and the
 * service be healthy again within 30 s. Requests through the gateway keep going meanwhile; failures
 * are counted. The bound asserted: none may fail once the replacement is healthy and the gateway's
 * resolver has had the grace ({@link Limits#gatewayGrace}) to see the new address. Failures before
 * that are the unavoidable outage of a killed replica and are reported, not asserted (a
 * single-replica service cannot answer while its only replica is dead).
 *
 * <p>Reason codes: {@code NO_REPLICA}, {@code REPLICA_NOT_REPLACED}, {@code LATE_FAILURES} (the
 * failure then carries the result, so its numbers are recorded).
 */
public final class KillReplicaCheck implements Check<KillReplicaCheck.Result> {

    /**
     * @param healthy        how long the replacement may take to run and be healthy after the kill
     * @param gatewayGrace   after that, how long gateway requests may still fail (resolver TTL of the
     *                       gateway plus one request timeout)
     * @param warmup         requests sent before the kill
     * @param requestPause   pause between two gateway requests
     * @param maxRequests    the request loop stops by itself after this many
     * @param requestTimeout timeout of one gateway request
     */
    public record Limits(Duration healthy, Duration gatewayGrace, Duration warmup, Duration requestPause,
                         int maxRequests, Duration requestTimeout) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofMillis(100), 1_000, Duration.ofSeconds(5));
    }

    /**
     * What happened: seconds from the kill until the replacement was healthy, the gateway requests,
     * how many of them failed after the grace, the replica addresses before and after. Its benchmark:
     * {@code recovery.json}, key {@code recovery.kill-replica.<service>}.
     */
    public record Result(String service, double secondsToHealthy, LoopResult requests, long failedAfterGrace,
                         List<String> addressesBefore, List<String> addressesAfter) implements CheckResult {

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_to_healthy", Stopwatch.round(secondsToHealthy));
            m.put("requests", requests.asMap());
            m.put("failed_after_recovery_grace", failedAfterGrace);
            m.put("addresses_before", addressesBefore);
            m.put("addresses_after", addressesAfter);
            return Optional.of(new BenchmarkEntry("recovery", "recovery.kill-replica." + service, m));
        }
    }

    private final String jwt;
    private final MenderComponent component;
    private final Limits limits;

    public KillReplicaCheck(String jwt, MenderComponent component, Limits limits) {
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.component = Objects.requireNonNull(component, "component");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public KillReplicaCheck(String jwt, MenderComponent component) {
        this(jwt, component, Limits.DEFAULT);
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        String svc = Roles.name(stack, component);
        int desired = stack.runningReplicas(svc);
        if (desired < 1) {
            throw new CheckFailure("NO_REPLICA", svc + " has no running replica to kill");
        }
        List<String> before = stack.replicaAddresses(svc);
        String path = MenderApi.managementGet(component);
        Duration healthyWithin = limits.healthy();
        RequestLoop loop = new RequestLoop(RequestLoop.gatewayClient(),
                RequestLoop.get(() -> stack.gateway().https().resolve(path), jwt, limits.requestTimeout()),
                c -> c == 200, limits.requestPause(), limits.maxRequests(),
                healthyWithin.plus(limits.gatewayGrace()).plusSeconds(20)).start();
        double healthyAt;
        double killedAt;
        LoopResult requests;
        try {
            Waits.pause(limits.warmup());
            reporter.step("kill one replica of " + svc, () -> stack.killOneReplica(svc));
            // The clock starts when the kill returned (the container is dead then); finding the task
            // and its node is the provider's overhead, not the orchestrator's recovery time.
            killedAt = loop.elapsedSeconds();
            healthyAt = reporter.step(svc + " replaced and healthy within " + healthyWithin.toSeconds() + " s", () -> {
                AtomicReference<String> state = new AtomicReference<>("");
                Waits.atMost(healthyWithin).every(Duration.ofMillis(300)).until(() -> {
                    int running = stack.runningReplicas(svc);
                    List<Integer> codes = running == desired ? ServiceHealth.perReplica(stack, component) : List.of();
                    state.set(running + "/" + desired + " running, health " + codes);
                    boolean ok = running == desired && codes.size() == desired && codes.stream().allMatch(c -> c == 204);
                    return ok ? null : state.get();
                }, last -> new CheckFailure("REPLICA_NOT_REPLACED", svc + " was not replaced and healthy within "
                        + healthyWithin.toSeconds() + " s of a replica being killed: " + state.get()));
                return loop.elapsedSeconds();
            });
            Waits.pause(limits.gatewayGrace().plusSeconds(2));
        } finally {
            requests = loop.stop();
        }
        double secondsToHealthy = healthyAt - killedAt;
        double graceEnds = healthyAt + limits.gatewayGrace().toSeconds();
        long late = requests.failedAfter(graceEnds);
        Result result = new Result(svc, secondsToHealthy, requests, late, before, stack.replicaAddresses(svc));
        reporter.progress(svc + ": healthy " + Stopwatch.round(secondsToHealthy) + " s after the kill; " + requests.failed() + " of "
                + requests.sent() + " gateway requests failed; " + requests.latencies());

        if (late > 0) {
            throw new CheckFailure("LATE_FAILURES", svc + ": " + late + " gateway requests still failed more than "
                    + limits.gatewayGrace().toSeconds() + " s after the replacement replica was healthy (replacement healthy at +"
                    + Stopwatch.round(healthyAt) + " s): the gateway keeps sending to the dead replica"
                    + requests.describeFailures(8)).withMeasured(result);
        }
        return result;
    }
}
