package dev.menderharness.checks.storage;

import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Replacements;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * deployments' health must follow S3: 204 while MinIO runs, 503 once it is scaled to zero, 204
 * again after it is back, without touching deployments. A health endpoint that ignores S3 would let
 * an orchestrator route uploads to a replica that cannot store them. The MinIO taken away is the
 * service deployments' {@code DEPLOYMENTS_AWS_URI} names; health is judged only once the orchestrator
 * reports no MinIO replica running, and again once a new one runs.
 *
 * <p>Reason codes: {@code NOT_HEALTHY_WITH_S3} (unhealthy before anything was touched: its S3
 * endpoint is wrong), {@code S3_NOT_REMOVED} (MinIO still runs after scaling to zero),
 * {@code HEALTH_IGNORES_S3} (no 503 without MinIO), {@code MINIO_NOT_BACK} (no MinIO replica after
 * scaling back), {@code NOT_HEALTHY_AFTER_S3_BACK} (deployments stays unhealthy with MinIO back).
 * Variants: {@code deployments-s3-host-missing} → {@code NOT_HEALTHY_WITH_S3};
 * {@code minio-without-volume} → {@code NOT_HEALTHY_AFTER_S3_BACK} (the MinIO that comes back has lost
 * the bucket deployments creates only at its start). {@code HEALTH_IGNORES_S3} has no variant:
 * deployments' health always asks its object storage (mender-server app.go HealthCheck) and the check
 * takes away the very service its S3 URI names, so only another deployments build could ignore it;
 * docs/check-variants.md.
 */
public final class S3OutageHealthCheck implements Check<S3OutageHealthCheck.Result> {

    /**
     * @param healthyBefore how long deployments may take to be healthy before the outage (shorter on a
     *                      stack known to have settled)
     * @param down          how long its health may take to answer 503 once MinIO is scaled to zero
     * @param up            how long it may take to answer 204 again once MinIO is back
     */
    public record Limits(Duration healthyBefore, Duration down, Duration up) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** Its benchmark: {@code recovery.json}, key {@value #BENCHMARK_KEY}. */
    public record Result(double secondsTo503, double secondsBackTo204) implements CheckResult {

        public static final String BENCHMARK_KEY = "storage.s3-outage";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_to_503", Stopwatch.round(secondsTo503));
            m.put("seconds_back_to_204", Stopwatch.round(secondsBackTo204));
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    private final Limits limits;

    public S3OutageHealthCheck() {
        this(Limits.DEFAULT);
    }

    public S3OutageHealthCheck(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        S3Settings s3 = S3Settings.from(stack.topology());
        String minio = s3.storage().name();
        String deployments = s3.deployments().name();
        reporter.step("deployments (" + deployments + ") healthy while S3 is up", () ->
                ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, limits.healthyBefore(), "NOT_HEALTHY_WITH_S3",
                        () -> deployments + " is not healthy even with " + minio + " running; its S3 endpoint is "
                                + s3.internalUri() + tail(context, deployments)));
        int replicas = Math.max(1, stack.runningReplicas(minio));
        List<String> before = stack.replicaIds(minio);
        Duration down;
        Duration up;
        try {
            reporter.step("scale " + minio + " to 0", () -> {
                stack.scale(minio, 0);
                List<String> left = stack.replicaIds(minio);
                if (!left.isEmpty()) {
                    throw new CheckFailure("S3_NOT_REMOVED", minio + " still runs " + left + " after scaling it to 0");
                }
            });
            down = reporter.step("deployments health turns 503 without S3", () ->
                    ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 503, limits.down(), "HEALTH_IGNORES_S3",
                            deployments + " health did not answer 503 within " + limits.down().toSeconds() + " s of "
                                    + minio + " being scaled to 0: its health check does not cover S3 ("
                                    + s3.internalUri() + ")"));
        } finally {
            reporter.step("scale " + minio + " back to " + replicas, () -> stack.scale(minio, replicas));
        }
        reporter.step(minio + " runs a new replica", () -> Replacements.awaitAllNew(stack, minio, before, limits.up(),
                "MINIO_NOT_BACK", "scaling " + minio + " back to " + replicas));
        up = reporter.step("deployments health back to 204 with S3", () ->
                ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, limits.up(), "NOT_HEALTHY_AFTER_S3_BACK",
                        () -> deployments + " did not become healthy again within " + limits.up().toSeconds() + " s after "
                                + minio + " came back" + tail(context, deployments)));
        return new Result(ServiceHealth.seconds(down), ServiceHealth.seconds(up));
    }

    private static String tail(CheckContext context, String service) {
        String logs = context.stack().logs(service, 20);
        context.reporter().attach(service + " log (last 20 lines)", logs);
        return "; last log lines are attached to the report";
    }
}
