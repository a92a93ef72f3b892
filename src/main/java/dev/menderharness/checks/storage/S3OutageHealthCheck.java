package dev.menderharness.checks.storage;

import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * deployments' health must follow S3: 204 while MinIO runs, 503 once it is scaled to zero, 204
 * again after it is back, without touching deployments. A health endpoint that ignores S3 would let
 * an orchestrator route uploads to a replica that cannot store them.
 */
public final class S3OutageHealthCheck {

    public record Result(double secondsTo503, double secondsBackTo204) {
    }

    private static final Duration DOWN_WITHIN = Duration.ofSeconds(30);
    private static final Duration UP_WITHIN = Duration.ofSeconds(60);

    private final RunningStack stack;
    private final Duration healthyWithin;

    public S3OutageHealthCheck(RunningStack stack) {
        this(stack, Duration.ofSeconds(30));
    }

    private S3OutageHealthCheck(RunningStack stack, Duration healthyWithin) {
        this.stack = stack;
        this.healthyWithin = healthyWithin;
    }

    /** How long deployments may take to be healthy before the outage (shorter on a stack known to have settled). */
    public S3OutageHealthCheck withHealthyWithin(Duration d) {
        return new S3OutageHealthCheck(stack, d);
    }

    public Result run() {
        S3Settings s3 = S3Settings.from(stack.topology());
        String minio = s3.storage().name();
        String deployments = s3.deployments().name();
        Report.step("deployments (" + deployments + ") healthy while S3 is up", () ->
                ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, healthyWithin,
                        deployments + " is not healthy even with " + minio + " running; its S3 endpoint is "
                                + s3.internalUri() + tail(deployments)));
        int replicas = Math.max(1, stack.runningReplicas(minio));
        double down;
        double up;
        try {
            Report.step("scale " + minio + " to 0", () -> stack.scale(minio, 0));
            down = Report.step("deployments health turns 503 without S3", () ->
                    ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 503, DOWN_WITHIN,
                            deployments + " health did not answer 503 within " + DOWN_WITHIN.toSeconds() + " s of "
                                    + minio + " being scaled to 0: its health check does not cover S3 ("
                                    + s3.internalUri() + ")"));
        } finally {
            Report.step("scale " + minio + " back to " + replicas, () -> stack.scale(minio, replicas));
        }
        up = Report.step("deployments health back to 204 with S3", () ->
                ServiceHealth.await(stack, MenderComponent.DEPLOYMENTS, c -> c == 204, UP_WITHIN,
                        deployments + " did not become healthy again within " + UP_WITHIN.toSeconds() + " s after "
                                + minio + " came back" + tail(deployments)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_to_503", round(down));
        m.put("seconds_back_to_204", round(up));
        Report.attachJson("S3 outage: deployments health", BenchmarkJson.named("recovery").put("storage.s3-outage", m));
        return new Result(down, up);
    }

    private String tail(String service) {
        String logs = stack.logs(service, 20);
        Report.attach(service + " log (last 20 lines)", logs);
        return "; last log lines are attached to the report";
    }

    static double round(double s) {
        return Math.round(s * 100) / 100.0;
    }
}
