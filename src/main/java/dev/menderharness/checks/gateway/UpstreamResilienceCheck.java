package dev.menderharness.checks.gateway;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.checks.StackRoles;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway survives a missing backend: with one backend scaled to zero it still (re)starts and
 * stays up, that backend's routes answer 502/503 within 2 s, every other route keeps working, and
 * when the backend is back its routes recover within 15 s without touching the gateway. A gateway
 * that resolves upstream names only at startup (plain {@code proxy_pass http://name}) dies on the
 * restart and fails here. Restores the backend's replicas and waits for the stack to be ready.
 */
public final class UpstreamResilienceCheck {

    private static final Set<Integer> BACKEND_MISSING = Set.of(502, 503);

    private final MenderComponent removed;
    private Duration errorLimit = Duration.ofSeconds(2);
    private Duration recoveryLimit = Duration.ofSeconds(15);
    private Duration gatewayStartLimit = Duration.ofSeconds(45);
    private Duration readyTimeout = Duration.ofMinutes(3);

    public UpstreamResilienceCheck() {
        this(MenderComponent.INVENTORY);
    }

    /** {@code removed}: the backend taken away; pick one the gateway's auth does not depend on. */
    public UpstreamResilienceCheck(MenderComponent removed) {
        this.removed = removed;
    }

    public UpstreamResilienceCheck withGatewayStartLimit(Duration limit) {
        this.gatewayStartLimit = limit;
        return this;
    }

    /**
     * What the check measured. {@code nameResolvedWhileRemoved}: the backend's name still resolved at
     * zero replicas (a Swarm VIP or Kubernetes ClusterIP outlives its replicas), in which case even a
     * gateway that resolves names only at startup survives the restart.
     */
    public record Measurements(String backend, Duration gatewayUpAfterRestart, Duration slowestErrorAnswer,
                               List<Integer> errorStatuses, Duration recoveryAfterScaleUp, boolean nameResolvedWhileRemoved) {
    }

    private static final Executor BACKGROUND = runnable -> {
        Thread t = new Thread(runnable, "gateway-restart");
        t.setDaemon(true);
        t.start();
    };

    private boolean nameResolvedWhileRemoved;

    private String gatewayDown(String gateway, String backend, String symptom) {
        return "the gateway " + gateway + " is not back within " + gatewayStartLimit.toSeconds() + " s of a restart while "
                + backend + " was scaled to zero (" + symptom + "): it cannot start with a backend missing. Does it "
                + "resolve upstream names only at startup, e.g. a plain proxy_pass http://" + backend + "? nginx then "
                + "exits with 'host not found in upstream'. See its logs.";
    }

    public Measurements run(RunningStack stack) {
        Failures failures = new Failures("gateway upstream resilience");
        String backend = StackRoles.serviceName(stack, removed);
        ServiceSpec backendSpec = StackRoles.service(stack.topology(), removed);
        String gateway = StackRoles.serviceName(stack, MenderComponent.GATEWAY);
        int restoreTo = Math.max(1, backendSpec.replicas());
        MenderApi.Route removedRoute = new MenderApi.Route(removed, MenderApi.managementGet(removed));
        List<MenderApi.Route> others = MenderApi.MANAGEMENT.stream().filter(r -> r.component() != removed).toList();
        StringBuilder log = new StringBuilder();

        MenderUsers.Credentials user = MenderUsers.createRandom(stack);
        String jwt = MenderApiClient.of(stack.gateway().https()).login(user.username(), user.password());
        Report.step("all routes answer before " + backend + " is removed", () -> {
            MenderApiClient api = MenderApiClient.of(stack.gateway().https());
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                ApiResponse a = logged(log, api.get(r.path(), jwt));
                if (a.status() != 200) {
                    throw new AssertionError("precondition: " + a.summary() + " before removing " + backend
                            + ": the stack is not healthy, the resilience check would prove nothing");
                }
            }
        });

        Duration up = null;
        Duration slowest = Duration.ZERO;
        List<Integer> statuses = new ArrayList<>();
        Duration recovery = null;
        boolean scaledDown = false;
        CompletableFuture<Void> restarting = null;
        try {
            Report.step("scale " + backend + " to 0", () -> stack.scale(backend, 0));
            scaledDown = true;
            restarting = CompletableFuture.runAsync(() -> stack.restart(gateway), BACKGROUND);
            CompletableFuture<Void> restart = restarting;
            up = Report.step("restart the gateway " + gateway + " while " + backend + " is missing", () -> {
                long start = System.nanoTime();
                // The provider returns once the new gateway task converged; a gateway that cannot start
                // crash-loops and never converges, so wait for it only as long as the limit allows.
                try {
                    restart.get(gatewayStartLimit.toNanos(), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    Report.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new AssertionError(gatewayDown(gateway, backend, "its restart did not converge"));
                } catch (ExecutionException e) {
                    Report.progress("restart of " + gateway + " reported: " + e.getCause());
                }
                Optional<Duration> t = awaitGateway(stack, others.get(0), start, log);
                if (t.isEmpty()) {
                    Report.attach(gateway + " logs", stack.logs(gateway, 80));
                    throw new AssertionError(gatewayDown(gateway, backend, "it does not answer"));
                }
                return t.get();
            });
            nameResolvedWhileRemoved = Report.step("does " + backend + "'s name still resolve from the gateway's network?", () -> {
                ExecResult r = stack.probe(gateway, "getent", "ahosts", backend);
                Report.attach("getent ahosts " + backend + " while scaled to zero", "exit " + r.exitCode() + "\n" + r.stdout());
                return r.ok();
            });

            Report.step(backend + "'s routes answer 502/503 within " + errorLimit.toSeconds() + " s; the gateway stays up", () -> {
                MenderApiClient api = MenderApiClient.of(stack.gateway().https());
                for (int i = 0; i < 3; i++) {
                    ApiResponse a = logged(log, api.get(removedRoute.path(), jwt));
                    statuses.add(a.status());
                    failures.check(BACKEND_MISSING.contains(a.status()), a.summary() + " with " + backend
                            + " scaled to zero, expected 502 or 503");
                    failures.check(a.took().compareTo(errorLimit) <= 0, a.summary() + ": answering took "
                            + a.took().toMillis() + " ms, limit " + errorLimit.toMillis() + " ms (resolver timeout?)");
                }
            });
            slowest = slowestError;

            Report.step("every other route keeps working", () -> {
                MenderApiClient api = MenderApiClient.of(stack.gateway().https());
                for (MenderApi.Route r : others) {
                    ApiResponse a = logged(log, api.get(r.path(), jwt));
                    failures.check(a.status() == 200, a.summary() + " while " + backend + " is missing, expected 200 ("
                            + r.component().name().toLowerCase(Locale.ROOT) + " is still there)");
                }
                if (removed != MenderComponent.DEVICEAUTH) {
                    ApiResponse a = logged(log, api.get(MenderApi.AUTH_REQUESTS));
                    failures.check(a.status() == 405, a.summary() + " while " + backend + " is missing, expected 405");
                }
            });

            recovery = Report.step("scale " + backend + " back to " + restoreTo + ": its routes recover within "
                    + recoveryLimit.toSeconds() + " s, gateway untouched", () -> {
                stack.scale(backend, restoreTo);
                long start = System.nanoTime();
                MenderApiClient api = MenderApiClient.of(stack.gateway().https());
                ApiResponse last;
                do {
                    last = api.get(removedRoute.path(), jwt);
                    if (last.status() == 200) {
                        logged(log, last);
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                    sleep(250);
                } while (System.nanoTime() - start < recoveryLimit.toNanos());
                logged(log, last);
                failures.add(backend + "'s route " + removedRoute.path() + " did not recover within " + recoveryLimit.toSeconds()
                        + " s after " + backend + " was back (last: " + last.summary() + "): does the gateway cache "
                        + "the failed lookup or resolve names only at startup?");
                return null;
            });
            scaledDown = false;
        } finally {
            Report.attach("resilience answers", log.toString());
            if (scaledDown) {
                restore(stack, backend, restoreTo);
            }
            if (restarting != null) {
                try {
                    restarting.get(3, TimeUnit.MINUTES); // the gateway starts once its backend is back
                } catch (TimeoutException | ExecutionException e) {
                    Report.progress("gateway restart still unsettled while restoring: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Report.step("stack ready again", () -> stack.awaitReady(readyTimeout));
        }
        Measurements m = new Measurements(backend, up, slowest, statuses, recovery, nameResolvedWhileRemoved);
        Report.progress(String.format("resilience: gateway up %s after restart, error answers %s (slowest %d ms), recovery %s",
                millis(up), statuses, slowest.toMillis(), millis(recovery)));
        failures.throwIfAny();
        return m;
    }

    private Optional<Duration> awaitGateway(RunningStack stack, MenderApi.Route route, long startNanos, StringBuilder log) {
        ApiResponse last = null;
        String lastError = null;
        while (System.nanoTime() - startNanos < gatewayStartLimit.toNanos()) {
            try {
                last = MenderApiClient.of(stack.gateway().https()).get(route.path());
                if (last.status() == 401) {
                    logged(log, last);
                    return Optional.of(Duration.ofNanos(System.nanoTime() - startNanos));
                }
            } catch (AssertionError | RuntimeException e) {
                lastError = e.getMessage();
            }
            sleep(500);
        }
        log.append("gateway not answering; last: ").append(last == null ? lastError : last.summary()).append('\n');
        return Optional.empty();
    }

    private static void restore(RunningStack stack, String backend, int replicas) {
        try {
            stack.scale(backend, replicas);
        } catch (RuntimeException e) {
            Report.progress("could not restore " + backend + " to " + replicas + " replicas: " + e.getMessage());
        }
    }

    /** Slowest 502/503 answer seen (the "answers within 2 s" measurement). */
    private Duration slowestError = Duration.ZERO;

    private ApiResponse logged(StringBuilder log, ApiResponse a) {
        log.append(a.summary()).append('\n');
        if (BACKEND_MISSING.contains(a.status()) && a.took().compareTo(slowestError) > 0) {
            slowestError = a.took();
        }
        return a;
    }

    private static String millis(Duration d) {
        return d == null ? "n/a" : d.toMillis() + " ms";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
