package dev.menderharness.checks.gateway;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Deadline;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.checks.Replacements;
import dev.menderharness.checks.StackRoles;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway survives a missing backend: with one backend scaled to zero it still (re)starts and
 * stays up, that backend's routes answer 502/503 within 2 s, every other route keeps working, and
 * when the backend is back its routes recover within 15 s without touching the gateway. A gateway
 * that resolves upstream names only at startup (plain {@code proxy_pass http://name}) dies on the
 * restart and fails here. Restores the backend's replicas and waits for the stack to be ready.
 *
 * <p>The restart counts only when a new gateway replica runs ({@link Replacements}) and answers: a
 * restart that failed, or returned before the orchestrator began, leaves the old gateway answering,
 * which proves nothing about starting with a backend missing.
 *
 * <p>Reason codes: {@code PRECONDITION_FAILED} (a route failed before anything was removed),
 * {@code GATEWAY_NOT_BACK} (no new gateway replica answers within the limit: it cannot start with the
 * backend missing, or its restart failed), {@code MISSING_BACKEND_WRONG_STATUS}, {@code MISSING_BACKEND_SLOW_ANSWER},
 * {@code OTHER_ROUTE_BROKEN}, {@code ROUTE_NOT_RECOVERED}. Variant: {@code gateway-upstreams-resolved-at-startup}
 * → {@code GATEWAY_NOT_BACK} (where the backend's name disappears at zero replicas; behind a VIP or ClusterIP
 * it stays, {@link Measurements#nameResolvedWhileRemoved}). The answers with a backend missing are nginx's
 * own (502/503 from a failed connect or lookup; {@code proxy_intercept_errors} would have to be configured to
 * turn them into something else, and then every route's errors change) and the other routes' services are
 * untouched; docs/check-variants.md lists these steps with the reasons they have no variant of their own.
 */
public final class UpstreamResilienceCheck implements Check<UpstreamResilienceCheck.Measurements> {

    private static final Set<Integer> BACKEND_MISSING = Set.of(502, 503);
    /** Requests to the missing backend's route, each judged on its own. */
    private static final int ERROR_TRIES = 3;

    /**
     * @param errorAnswer  the longest a 502/503 for the missing backend may take
     * @param recovery     the longest its route may take to answer 200 again once it is back
     * @param gatewayStart the longest the restarted gateway may take to answer while the backend is missing
     * @param readyAgain   the longest the stack may take to be ready again after the check restored it
     */
    public record Limits(Duration errorAnswer, Duration recovery, Duration gatewayStart, Duration readyAgain) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(15),
                Duration.ofSeconds(45), Duration.ofMinutes(3));
    }

    private final MenderComponent removed;
    private final Limits limits;

    /** Inventory removed, the default limits. */
    public UpstreamResilienceCheck() {
        this(MenderComponent.INVENTORY, Limits.DEFAULT);
    }

    /** {@code removed}: the backend taken away; pick one the gateway's auth does not depend on. */
    public UpstreamResilienceCheck(MenderComponent removed, Limits limits) {
        this.removed = Objects.requireNonNull(removed, "removed");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * What the check measured. {@code nameResolvedWhileRemoved}: the backend's name still resolved at
     * zero replicas (a Swarm VIP or Kubernetes ClusterIP outlives its replicas), in which case even a
     * gateway that resolves names only at startup survives the restart. Its benchmark is
     * {@code gateway-resilience.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Measurements(String backend, Duration gatewayUpAfterRestart, Duration slowestErrorAnswer,
                               List<Integer> errorStatuses, Duration recoveryAfterScaleUp, boolean nameResolvedWhileRemoved)
            implements CheckResult {

        public static final String BENCHMARK_KEY = "gateway.upstream-resilience";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", backend);
            m.put("gatewayUpAfterRestartMs", millisOrNull(gatewayUpAfterRestart));
            m.put("slowestErrorAnswerMs", millisOrNull(slowestErrorAnswer));
            m.put("errorStatuses", errorStatuses.toString());
            m.put("recoveryAfterScaleUpMs", millisOrNull(recoveryAfterScaleUp));
            m.put("backendNameResolvedWhileRemoved", nameResolvedWhileRemoved);
            return Optional.of(new BenchmarkEntry("gateway-resilience", BENCHMARK_KEY, m));
        }

        private static Long millisOrNull(Duration d) {
            return d == null ? null : d.toMillis();
        }
    }

    private static final Executor BACKGROUND = runnable -> {
        Thread t = new Thread(runnable, "gateway-restart");
        t.setDaemon(true);
        t.start();
    };

    /** Every answer of the check, for the report, and the slowest 502/503 among them. */
    private static final class AnswerLog {
        final StringBuilder text = new StringBuilder();
        Duration slowestError = Duration.ZERO;

        ApiResponse add(ApiResponse a) {
            text.append(a.summary()).append('\n');
            if (BACKEND_MISSING.contains(a.status()) && a.took().compareTo(slowestError) > 0) {
                slowestError = a.took();
            }
            return a;
        }
    }

    private String gatewayDown(String gateway, String backend, String symptom) {
        return "the gateway " + gateway + " is not back within " + limits.gatewayStart().toSeconds() + " s of a restart while "
                + backend + " was scaled to zero (" + symptom + "): it cannot start with a backend missing. Does it "
                + "resolve upstream names only at startup, e.g. a plain proxy_pass http://" + backend + "? nginx then "
                + "exits with 'host not found in upstream'. See its logs.";
    }

    @Override
    public Measurements run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Failures failures = new Failures("gateway upstream resilience");
        String backend = StackRoles.serviceName(stack, removed);
        ServiceSpec backendSpec = StackRoles.service(stack.topology(), removed);
        String gateway = StackRoles.serviceName(stack, MenderComponent.GATEWAY);
        int restoreTo = Math.max(1, backendSpec.replicas());
        MenderApi.Route removedRoute = new MenderApi.Route(removed, MenderApi.managementGet(removed));
        List<MenderApi.Route> others = MenderApi.MANAGEMENT.stream().filter(r -> r.component() != removed).toList();
        AnswerLog log = new AnswerLog();

        MenderUsers.Credentials user = MenderUsers.createRandom(context);
        String jwt = MenderApiClient.gateway(context).login(user.username(), user.password());
        reporter.step("all routes answer before " + backend + " is removed", () -> {
            MenderApiClient api = MenderApiClient.gateway(context);
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                ApiResponse a = log.add(api.get(r.path(), jwt));
                if (a.status() != 200) {
                    throw new CheckFailure("PRECONDITION_FAILED", "precondition: " + a.summary() + " before removing " + backend
                            + ": the stack is not healthy, the resilience check would prove nothing");
                }
            }
        });

        Duration up = null;
        List<Integer> statuses = new ArrayList<>();
        Duration recovery = null;
        boolean nameResolvedWhileRemoved = false;
        boolean scaledDown = false;
        CompletableFuture<Void> restarting = null;
        try {
            reporter.step("scale " + backend + " to 0", () -> stack.scale(backend, 0));
            scaledDown = true;
            List<String> gatewayBefore = stack.replicaIds(gateway);
            Stopwatch sinceRestart = Stopwatch.start();
            restarting = CompletableFuture.runAsync(() -> stack.restart(gateway), BACKGROUND);
            CompletableFuture<Void> restart = restarting;
            up = reporter.step("restart the gateway " + gateway + " while " + backend + " is missing", () -> {
                // The provider returns once the new gateway task converged; a gateway that cannot start
                // crash-loops and never converges, so wait for it only as long as the limit allows.
                try {
                    restart.get(limits.gatewayStart().toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    reporter.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new CheckFailure("GATEWAY_NOT_BACK", gatewayDown(gateway, backend, "its restart did not converge"));
                } catch (ExecutionException e) {
                    reporter.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new CheckFailure("GATEWAY_NOT_BACK", gatewayDown(gateway, backend, "its restart failed: " + e.getCause()),
                            e.getCause());
                }
                // restart() can return before the orchestrator began: the old gateway answering proves nothing
                try {
                    Replacements.awaitAllNew(stack, gateway, gatewayBefore, Deadline.of(sinceRestart, limits.gatewayStart()).left(),
                            "GATEWAY_NOT_BACK", "restarting " + gateway);
                } catch (CheckFailure notReplaced) {
                    reporter.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new CheckFailure("GATEWAY_NOT_BACK", gatewayDown(gateway, backend, "no new gateway replica runs: "
                            + notReplaced.getMessage()));
                }
                Optional<Duration> t = awaitGateway(context, others.get(0), sinceRestart, log);
                if (t.isEmpty()) {
                    reporter.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new CheckFailure("GATEWAY_NOT_BACK", gatewayDown(gateway, backend, "it does not answer"));
                }
                return t.get();
            });
            nameResolvedWhileRemoved = reporter.step("does " + backend + "'s name still resolve from the gateway's network?", () -> {
                ExecResult r = stack.probe(gateway, "getent", "ahosts", backend);
                reporter.attach("getent ahosts " + backend + " while scaled to zero", "exit " + r.exitCode() + "\n" + r.stdout());
                return r.ok();
            });

            Duration errorLimit = limits.errorAnswer();
            reporter.step(backend + "'s routes answer 502/503 within " + errorLimit.toSeconds() + " s; the gateway stays up", () -> {
                MenderApiClient api = MenderApiClient.gateway(context);
                for (int i = 0; i < ERROR_TRIES; i++) {
                    ApiResponse a = log.add(api.get(removedRoute.path(), jwt));
                    statuses.add(a.status());
                    failures.check(BACKEND_MISSING.contains(a.status()), "MISSING_BACKEND_WRONG_STATUS", a.summary() + " with "
                            + backend + " scaled to zero, expected 502 or 503");
                    failures.check(a.took().compareTo(errorLimit) <= 0, "MISSING_BACKEND_SLOW_ANSWER", a.summary()
                            + ": answering took " + a.took().toMillis() + " ms, limit " + errorLimit.toMillis()
                            + " ms (resolver timeout?)");
                }
            });

            reporter.step("every other route keeps working", () -> {
                MenderApiClient api = MenderApiClient.gateway(context);
                for (MenderApi.Route r : others) {
                    ApiResponse a = log.add(api.get(r.path(), jwt));
                    failures.check(a.status() == 200, "OTHER_ROUTE_BROKEN", a.summary() + " while " + backend
                            + " is missing, expected 200 (" + r.component().name().toLowerCase(Locale.ROOT) + " is still there)");
                }
                if (removed != MenderComponent.DEVICEAUTH) {
                    ApiResponse a = log.add(api.get(MenderApi.AUTH_REQUESTS));
                    failures.check(a.status() == 405, "OTHER_ROUTE_BROKEN", a.summary() + " while " + backend
                            + " is missing, expected 405");
                }
            });

            Duration recoveryLimit = limits.recovery();
            recovery = reporter.step("scale " + backend + " back to " + restoreTo + ": its routes recover within "
                    + recoveryLimit.toSeconds() + " s, gateway untouched", () -> {
                stack.scale(backend, restoreTo);
                Stopwatch start = Stopwatch.start();
                MenderApiClient api = MenderApiClient.gateway(context);
                AtomicReference<ApiResponse> last = new AtomicReference<>();
                boolean recovered = Waits.atMost(recoveryLimit).every(Duration.ofMillis(250)).within(() -> {
                    last.set(api.get(removedRoute.path(), jwt));
                    return last.get().status() == 200;
                });
                log.add(last.get());
                if (recovered) {
                    return start.elapsed();
                }
                failures.add("ROUTE_NOT_RECOVERED", backend + "'s route " + removedRoute.path() + " did not recover within "
                        + recoveryLimit.toSeconds() + " s after " + backend + " was back (last: " + last.get().summary()
                        + "): does the gateway cache the failed lookup or resolve names only at startup?");
                return null;
            });
            scaledDown = false;
        } finally {
            reporter.attach("resilience answers", log.text.toString());
            if (scaledDown) {
                restore(stack, reporter, backend, restoreTo);
            }
            if (restarting != null) {
                try {
                    restarting.get(3, TimeUnit.MINUTES); // the gateway starts once its backend is back
                } catch (TimeoutException | ExecutionException e) {
                    reporter.progress("gateway restart still unsettled while restoring: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reporter.step("stack ready again", () -> stack.awaitReady(limits.readyAgain()));
        }
        Measurements m = new Measurements(backend, up, log.slowestError, statuses, recovery, nameResolvedWhileRemoved);
        reporter.progress(String.format("resilience: gateway up %s after restart, error answers %s (slowest %d ms), recovery %s",
                millis(up), statuses, log.slowestError.toMillis(), millis(recovery)));
        failures.throwIfAny();
        return m;
    }

    /** How long after {@code start} the gateway answered 401 on {@code route}; empty when not within the limit. */
    private Optional<Duration> awaitGateway(CheckContext context, MenderApi.Route route, Stopwatch start, AnswerLog log) {
        AtomicReference<ApiResponse> last = new AtomicReference<>();
        AtomicReference<String> lastError = new AtomicReference<>();
        boolean answered = Waits.atMost(Deadline.of(start, limits.gatewayStart()).left()).every(Duration.ofMillis(500)).within(() -> {
            try {
                ApiResponse a = MenderApiClient.gateway(context).get(route.path());
                last.set(a);
                return a.status() == 401;
            } catch (AssertionError | RuntimeException e) {
                lastError.set(e.getMessage());
                return false;
            }
        });
        if (answered) {
            log.add(last.get());
            return Optional.of(start.elapsed());
        }
        log.text.append("gateway not answering; last: ").append(last.get() == null ? lastError.get() : last.get().summary()).append('\n');
        return Optional.empty();
    }

    private static void restore(RunningStack stack, Reporter reporter, String backend, int replicas) {
        try {
            stack.scale(backend, replicas);
        } catch (RuntimeException e) {
            reporter.progress("could not restore " + backend + " to " + replicas + " replicas: " + e.getMessage());
        }
    }

    private static String millis(Duration d) {
        return d == null ? "n/a" : d.toMillis() + " ms";
    }
}
