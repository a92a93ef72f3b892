package dev.menderharness.checks.gateway;

import dev.menderharness.checks.AccessLogs;
import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.Failures;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Who answered each tagged request through the gateway, judged from the access logs of the stack's
 * Mender services: the request's {@code X-MEN-RequestID} in a service's log is that service answering
 * it ({@link AccessLogs}). A status alone cannot tell: nginx's {@code auth_request} answers 401 before
 * any proxying, and a route sent to the wrong service still gets some status back.
 *
 * <p>An expectation names the component that must answer and whether its answer is the gateway's auth
 * subrequest (useradm's {@code auth/verify} for management routes, deviceauth's {@code tokens/verify}
 * for device routes: the 401 for a missing token) or the route itself. For a route the verify lines of
 * the same request are the gate, not the answer, and are ignored.
 */
final class RouteEvidence {

    /** Mender's Go services: they log every request with its id (the GUI's nginx and MinIO do not). */
    static final Set<MenderComponent> LOGGING = EnumSet.of(MenderComponent.DEPLOYMENTS, MenderComponent.DEVICEAUTH,
            MenderComponent.INVENTORY, MenderComponent.USERADM, MenderComponent.WORKFLOWS);
    static final int LOG_LINES = 2000;

    /**
     * What one request must show: the component that answers it (its auth verify, or the route) and the
     * status; {@code ownAnswer}, where not null, is a second proof of the same component: an answer only
     * it gives (its own error format), for requests its access log does not record.
     */
    record Expectation(String what, ApiResponse response, MenderComponent answeredBy, boolean viaVerify, Set<Integer> statuses,
                       OwnAnswer ownAnswer) {

        Expectation(String what, ApiResponse response, MenderComponent answeredBy, boolean viaVerify, Set<Integer> statuses) {
            this(what, response, answeredBy, viaVerify, statuses, null);
        }

        String answerer() {
            String c = answeredBy.name().toLowerCase(Locale.ROOT);
            return viaVerify ? c + "'s auth verify" : c;
        }
    }

    /** An answer only one service gives, by its body; {@code describe} says which and why. */
    record OwnAnswer(String describe, java.util.function.Predicate<ApiResponse> matches) {
    }

    /**
     * deployments' answer to a path its router has no route for: {@code {"error":"not found"}} with no
     * {@code request_id}. deployments is the one Mender service on the minimal gin router, whose request
     * id middleware sits on the route groups (mender-server routing.NewMinimalGinRouter); every other
     * service puts the request's id in its 404, nginx answers HTML, MinIO XML.
     */
    static final OwnAnswer DEPLOYMENTS_NO_ROUTE = new OwnAnswer("deployments' own 404 for a path it has no route for "
            + "({\"error\":\"not found\"} without a request id: only deployments' minimal router answers so)", r -> {
        if (r.status() != 404 || r.body() == null) {
            return false;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            return n != null && n.isObject() && n.size() == 1 && "not found".equals(n.path("error").asText(null));
        } catch (java.io.IOException e) {
            return false;
        }
    });

    /** A service's log line for a request. */
    record Seen(String service, AccessLogs.Entry entry) {
        String describe() {
            return service + (entry.authVerify() ? " (auth verify)" : "") + ": " + entry.method() + " "
                    + (entry.path().isEmpty() ? "(no route)" : entry.path()) + " -> " + entry.status();
        }
    }

    private RouteEvidence() {
    }

    /** Service name to component, for every service running a Mender Go image. */
    static Map<String, MenderComponent> loggingServices(Topology topology) {
        Map<String, MenderComponent> out = new TreeMap<>();
        for (ServiceSpec s : topology.services().values()) {
            s.component().filter(LOGGING::contains).ifPresent(c -> out.put(s.name(), c));
        }
        return out;
    }

    /** Per request id, what every logging service wrote for it. */
    static Map<String, List<Seen>> read(RunningStack stack, Map<String, MenderComponent> services) {
        Map<String, List<Seen>> out = new LinkedHashMap<>();
        services.keySet().forEach(svc -> AccessLogs.byRequest(stack.replicaLogs(svc, LOG_LINES)).forEach((id, entries) ->
                entries.forEach(e -> out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Seen(svc, e)))));
        return out;
    }

    /** How long another service's answer must stand before the wait stops looking for the intended one. */
    static final Duration OTHER_ANSWER_SETTLES = Duration.ofSeconds(3);

    private static boolean otherAnswer(Expectation x, Map<String, List<Seen>> seen) {
        return seen.getOrDefault(x.response().requestId(), List.of()).stream().anyMatch(s -> x.viaVerify() || !s.entry().authVerify());
    }

    /** The line that proves the expected answer, if the logs have it. */
    static Optional<Seen> expected(Expectation x, Map<String, List<Seen>> seen, Map<String, MenderComponent> services) {
        return seen.getOrDefault(x.response().requestId(), List.of()).stream()
                .filter(s -> services.get(s.service()) == x.answeredBy() && s.entry().authVerify() == x.viaVerify())
                .findFirst();
    }

    /**
     * Reads the logs until every expectation's answer is there or {@code within} passed, attaches what
     * was found, and adds a failure per request not answered as expected: {@code ROUTE_WRONG_SERVICE}
     * (another service logged it), {@code ROUTE_UNATTRIBUTED} (no Mender service did: the gateway
     * answered itself, or something that logs no request ids), {@code ROUTE_WRONG_STATUS} (the right
     * service, another status).
     */
    static Map<String, String> judge(RunningStack stack, Reporter reporter, List<Expectation> expectations, Duration within,
                                     Failures failures) {
        Map<String, MenderComponent> services = loggingServices(stack.topology());
        AtomicReference<Map<String, List<Seen>>> seen = new AtomicReference<>(Map.of());
        dev.menderharness.support.Stopwatch waited = dev.menderharness.support.Stopwatch.start();
        Waits.atMost(within).every(Duration.ofSeconds(1)).within(() -> {
            seen.set(read(stack, services));
            // Settled: the intended answer is there; or, after a while, another service's answer is
            // (not at once: a service that calls another with the request's id logs after it).
            boolean late = waited.elapsed().compareTo(OTHER_ANSWER_SETTLES) >= 0;
            return expectations.stream().allMatch(x -> expected(x, seen.get(), services).isPresent()
                    || (x.ownAnswer() != null && x.ownAnswer().matches().test(x.response()))
                    || (late && otherAnswer(x, seen.get())));
        });
        Map<String, String> answeredBy = new LinkedHashMap<>();
        StringBuilder report = new StringBuilder();
        for (Expectation x : expectations) {
            String id = x.response().requestId();
            List<Seen> lines = seen.get().getOrDefault(id, List.of());
            report.append(x.what()).append(": ").append(x.response().status()).append(", request id ").append(id).append('\n');
            lines.forEach(s -> report.append("    ").append(s.describe()).append('\n'));
            Optional<Seen> ok = expected(x, seen.get(), services);
            boolean noOtherAnswer = lines.stream().allMatch(s -> s.entry().authVerify());
            if (ok.isEmpty() && noOtherAnswer && x.ownAnswer() != null && x.ownAnswer().matches().test(x.response())) {
                answeredBy.put(x.what(), x.ownAnswer().describe());
                report.append("    ").append(x.ownAnswer().describe()).append('\n');
                failures.check(x.statuses().contains(x.response().status()), "ROUTE_WRONG_STATUS", x.what() + ": "
                        + x.response().summary() + ", answered by " + x.ownAnswer().describe() + ", expected " + statuses(x));
                continue;
            }
            if (ok.isPresent()) {
                answeredBy.put(x.what(), ok.get().describe());
                failures.check(x.statuses().contains(x.response().status()), "ROUTE_WRONG_STATUS", x.what() + ": "
                        + x.response().summary() + ", answered by " + ok.get().describe() + ", expected " + statuses(x));
                continue;
            }
            // For a route, the gate's verify lines are not the answer; for a gate, anything else is.
            List<Seen> others = lines.stream().filter(s -> x.viaVerify() || !s.entry().authVerify()).toList();
            if (!others.isEmpty()) {
                answeredBy.put(x.what(), others.get(0).describe());
                failures.add("ROUTE_WRONG_SERVICE", x.what() + ": " + x.response().status() + " came from "
                        + String.join("; ", others.stream().map(Seen::describe).toList()) + ", not from " + x.answerer()
                        + " (request id " + id + " in their access logs)" + hint(x, others, services));
            } else {
                answeredBy.put(x.what(), "no Mender service");
                failures.add("ROUTE_UNATTRIBUTED", x.what() + ": " + x.response().summary() + "; no Mender service logged its "
                        + "request id within " + within.toSeconds() + " s (expected in " + x.answerer() + "'s access log): "
                        + "the gateway answered itself, or sent it to a service that is not a Mender API");
            }
        }
        reporter.attach("who answered each request (X-MEN-RequestID in the services' access logs)", report.toString());
        return answeredBy;
    }

    private static String hint(Expectation x, List<Seen> others, Map<String, MenderComponent> services) {
        if (x.viaVerify() && others.stream().anyMatch(s -> !s.entry().authVerify())) {
            return ": the gateway passed it on without asking " + x.answeredBy().name().toLowerCase(Locale.ROOT) + " first";
        }
        if (!x.viaVerify()) {
            return ": the gateway routes this prefix to " + services.get(others.get(0).service()).name().toLowerCase(Locale.ROOT);
        }
        return "";
    }

    private static String statuses(Expectation x) {
        return x.statuses().size() == 1 ? String.valueOf(x.statuses().iterator().next()) : "one of " + x.statuses();
    }
}
