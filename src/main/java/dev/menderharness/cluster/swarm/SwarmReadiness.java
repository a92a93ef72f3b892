package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.InsecureTls;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.stack.HealthAndGatewayProbes;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a deployed stack counts as ready: every service converged (all replicas running), every
 * Mender health endpoint answers 204 from a probe on the stack network, and the gateway answers
 * Mender's own readiness probes from the host: 401 for a management path without a token, 405
 * for GET on auth_requests.
 */
final class SwarmReadiness {

    private final SwarmRunningStack stack;
    private final HttpClient http = InsecureTls.httpClient(Duration.ofSeconds(3));

    SwarmReadiness(SwarmRunningStack stack) {
        this.stack = stack;
    }

    /** A stack that did not become ready: names the service and why (task error, last log lines). */
    static final class NotReadyException extends IllegalStateException {
        NotReadyException(String message) {
            super(message);
        }
    }

    void await(Duration timeout) {
        Stopwatch watch = Stopwatch.start();
        String[] last = {null};
        Waits.atMost(timeout).every(Duration.ofSeconds(1)).until(() -> {
            String why = notReady();
            // a line when the reason changes, not when only its numbers do ("running for only 6s", "7s", ...)
            String shape = why == null ? null : why.lines().findFirst().orElse(why).replaceAll("\\d+", "N");
            if (shape != null && !shape.equals(last[0])) {
                stack.cluster().reporter().progress(String.format("waiting for stack %s (%.0fs): %s", stack.name(),
                        watch.seconds(), why.lines().findFirst().orElse(why)));
            }
            last[0] = shape;
            return why;
        }, why -> new NotReadyException("stack " + stack.name() + " not ready after " + timeout.toSeconds() + "s: " + why));
    }

    /** Null when ready, else the first reason it is not (one service, with its task error and log tail). */
    String notReady() {
        for (String service : stack.topology().services().keySet()) {
            String why = notConverged(service);
            if (why == null) why = notSettled(service);
            if (why != null) return "service " + service + " " + why + logTail(service);
        }
        String health = unhealthy();
        if (health != null) return health;
        return gatewayNotReady();
    }

    /** Null when {@code service} runs its desired replicas, else e.g. "0/1 running; task error: ...". */
    String notConverged(String service) {
        int desired = stack.desiredReplicas(service);
        List<Task> tasks = stack.managerClient().listTasksCmd().withServiceFilter(stack.swarmName(service)).exec();
        long running = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null
                && t.getStatus().getState() == TaskState.RUNNING).count();
        long extra = tasks.stream().filter(t -> t.getDesiredState() != TaskState.RUNNING && t.getStatus() != null
                && t.getStatus().getState() == TaskState.RUNNING).count();
        if (running == desired && extra == 0) return null;
        return running + "/" + desired + " replicas running" + (extra > 0 ? " (" + extra + " still stopping)" : "")
                + taskError(tasks);
    }

    /**
     * Mender services (and their stand-ins) give up on an unreachable MongoDB only after a 10 s ping
     * timeout, so a task that has run for less than that may still exit; services without a health
     * endpoint (the workflows worker) would otherwise count as ready in that window. Applies only
     * where {@link #mustSettle} says so.
     */
    static final Duration SETTLE_TIME = Duration.ofSeconds(12);

    /**
     * Whether a new task of {@code spec} must run for {@link #SETTLE_TIME} before it counts: yes for
     * the Mender services and any image we do not know, no for known components that need no
     * database to start (a restored gateway or MinIO is ready once it answers, 12 s sooner).
     */
    static boolean mustSettle(ServiceSpec spec) {
        return spec == null || spec.component().map(MenderComponent::needsMongoAtStart).orElse(true);
    }

    /** Null when every running task of {@code service} has run for {@link #SETTLE_TIME}, else how long it has run. */
    String notSettled(String service) {
        if (!mustSettle(stack.topology().services().get(service))) return null;
        java.time.Instant now = java.time.Instant.now();
        List<Task> tasks = stack.managerClient().listTasksCmd().withServiceFilter(stack.swarmName(service)).exec();
        return tasks.stream()
                .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null
                        && t.getStatus().getState() == TaskState.RUNNING && t.getStatus().getTimestamp() != null)
                .map(t -> Duration.between(java.time.Instant.parse(t.getStatus().getTimestamp()), now))
                .filter(age -> age.compareTo(SETTLE_TIME) < 0)
                .findFirst()
                .map(age -> "running for only " + age.toSeconds() + "s (a task may still exit within "
                        + SETTLE_TIME.toSeconds() + "s if a dependency is unreachable)")
                .orElse(null);
    }

    /**
     * How the stack came up, from one task listing per service: when each running task started
     * running after {@code since} ("mender-mongo 23s, ..."), and the tasks that ended on their own
     * meanwhile ("mender-device-auth: 1 (task: non-zero exit (2))", or "none"). A service that
     * exited because a dependency was not there yet costs a restart delay plus {@link #SETTLE_TIME},
     * and is the usual reason one bring-up is slower than another.
     */
    record BringUp(String runningSince, String exited) {
    }

    BringUp bringUp(java.time.Instant since) {
        List<String> running = new ArrayList<>();
        List<String> exited = new ArrayList<>();
        for (String service : stack.topology().services().keySet()) {
            List<Task> tasks = stack.managerClient().listTasksCmd().withServiceFilter(stack.swarmName(service)).exec();
            for (Task t : tasks) {
                if (t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING && t.getStatus().getTimestamp() != null) {
                    running.add(String.format("%s %.0fs", service,
                            Duration.between(since, java.time.Instant.parse(t.getStatus().getTimestamp())).toMillis() / 1e3));
                }
            }
            List<Task> ended = tasks.stream().filter(t -> t.getStatus() != null
                    && (t.getStatus().getState() == TaskState.FAILED || t.getStatus().getState() == TaskState.COMPLETE)).toList();
            if (ended.isEmpty()) continue;
            String why = ended.stream().sorted(SwarmRunningStack.newestFirst()).findFirst()
                    .map(t -> t.getStatus().getErr() != null ? t.getStatus().getErr() : t.getStatus().getState().name().toLowerCase())
                    .orElse("");
            exited.add(service + ": " + ended.size() + " (" + why + ")");
        }
        return new BringUp(String.join(", ", running), exited.isEmpty() ? "none" : String.join(", ", exited));
    }

    private static String taskError(List<Task> tasks) {
        return tasks.stream().sorted(SwarmRunningStack.newestFirst())
                .filter(t -> t.getStatus() != null && (t.getStatus().getErr() != null || t.getStatus().getState() != TaskState.RUNNING))
                .findFirst()
                .map(t -> "; latest task " + t.getStatus().getState().name().toLowerCase()
                        + (t.getStatus().getErr() == null ? "" : ": " + t.getStatus().getErr())
                        + (t.getStatus().getMessage() == null ? "" : " (" + t.getStatus().getMessage() + ")"))
                .orElse("");
    }

    String describeService(String service) {
        String why = notConverged(service);
        return (why == null ? "converged" : why) + logTail(service);
    }

    private String logTail(String service) {
        try {
            String logs = stack.logs(service, 10).strip();
            return logs.isEmpty() ? "; no log lines" : "; last log lines:\n" + logs;
        } catch (RuntimeException e) {
            return "; logs unavailable: " + e.getMessage();
        }
    }

    /** Service to health URL, from the manifests' topology (components by image, never by name). */
    Map<String, String> healthUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        for (ServiceSpec s : stack.topology().services().values()) {
            s.healthUrl(s.name()).ifPresent(url -> urls.put(s.name(), url));
        }
        return urls;
    }

    /** Null when every health endpoint answered 204; one probe exec checks them all. */
    String unhealthy() {
        Map<String, String> urls = healthUrls();
        if (urls.isEmpty()) return null;
        StringBuilder script = new StringBuilder();
        for (String url : urls.values()) {
            script.append("printf '%s\\n' \"$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 '").append(url).append("')\";");
        }
        ExecResult r = stack.probeAll(Duration.ofSeconds(30), "sh", "-c", script.toString());
        List<String> codes = r.stdout().lines().toList();
        List<String> services = new ArrayList<>(urls.keySet());
        for (int i = 0; i < services.size(); i++) {
            String code = i < codes.size() ? codes.get(i).strip() : "no answer";
            if (!code.equals("204")) {
                String svc = services.get(i);
                return "service " + svc + " health " + urls.get(svc) + " answered "
                        + ("000".equals(code) ? "nothing (connection failed)" : code) + logTail(svc);
            }
        }
        return null;
    }

    /** Null when the gateway answers Mender's readiness probes from the host (see {@link HealthAndGatewayProbes}). */
    String gatewayNotReady() {
        return HealthAndGatewayProbes.gatewayProblem(http, stack.gateway().https());
    }
}
