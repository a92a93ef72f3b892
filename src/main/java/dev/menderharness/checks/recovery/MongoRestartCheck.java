package dev.menderharness.checks.recovery;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Deadline;
import dev.menderharness.checks.DeviceIdentity;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderArtifact;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.checks.Replacements;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.StackRoles;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Stopwatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Restarts MongoDB under a running stack. The Mender APIs must report unhealthy while it is gone,
 * become healthy again by themselves (same replicas: none restarted) and everything written before
 * must still be there: a user (logs in), a device (listed by deviceauth), an artifact (listed by
 * deployments). A MongoDB without a volume fails here, because its data goes with the container.
 *
 * <p>Reason codes: {@code NOT_HEALTHY_BEFORE}, {@code DEVICE_NOT_PENDING}, {@code MONGO_NOT_RESTARTED}
 * (no new MongoDB replica: the provider's restart returned but nothing was restarted),
 * {@code HEALTH_WATCH_EMPTY} (the probe's watch produced no readings), {@code NOT_HEALTHY_AFTER_RESTART},
 * {@code HEALTH_IGNORES_MONGO}, {@code SERVICES_RESTARTED}, {@code DATA_LOST}. Variant:
 * {@code mongo-without-volume} → {@code DATA_LOST}. Reconnecting, and reporting Mongo in health, is the
 * services' code, not their manifests ({@code NOT_HEALTHY_AFTER_RESTART}, {@code HEALTH_IGNORES_MONGO});
 * a service restarted because of Mongo needs a health-based liveness check its image cannot run on Swarm
 * (the Mender images are FROM scratch) and that the providers' replica ids do not count on Kubernetes
 * (a container restart keeps the pod uid) ({@code SERVICES_RESTARTED}); docs/check-variants.md.
 */
public final class MongoRestartCheck implements Check<MongoRestartCheck.Result> {

    /**
     * @param healthy how long every Mender API may take to be healthy (before the restart, and again after it began)
     * @param watch   how long the probe watches health around the restart (the probe's own exec limit is 30 s)
     */
    public record Limits(Duration healthy, Duration watch) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(60), Duration.ofSeconds(25));
    }

    /**
     * Seconds from the restart until every Mender API was healthy again, and per service what its
     * health said meanwhile. Its benchmark: {@code recovery.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Result(double secondsToHealthy, Map<String, String> healthSeen) implements CheckResult {

        public static final String BENCHMARK_KEY = "recovery.mongo-restart";

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds_to_healthy", Stopwatch.round(secondsToHealthy));
            m.put("health_seen", healthSeen);
            return Optional.of(new BenchmarkEntry("recovery", BENCHMARK_KEY, m));
        }
    }

    private final Limits limits;

    public MongoRestartCheck() {
        this(Limits.DEFAULT);
    }

    public MongoRestartCheck(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Result run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Duration healthyWithin = limits.healthy();
        String mongo = StackRoles.serviceName(stack, MenderComponent.MONGO);
        MenderApiClient api = MenderApiClient.gateway(context);

        // --- precondition: the stack is healthy before anything is written (a MongoDB redeployed
        // just before this check may still be reconnecting; that is not what this check measures)
        reporter.step("every Mender API healthy before the restart", () -> {
            for (MenderComponent c : Roles.STATELESS_APIS) {
                ServiceHealth.await(stack, c, code -> code == 204, healthyWithin, "NOT_HEALTHY_BEFORE",
                        Roles.name(stack, c) + " was not healthy within " + healthyWithin.toSeconds() + " s before " + mongo + " restarted");
            }
        });

        // --- data written before
        MenderUsers.Credentials user = MenderUsers.createRandom(context);
        String jwt = api.login(user.username(), user.password());
        DeviceIdentity device = DeviceIdentity.generate(randomMac());
        reporter.step("device " + device.mac() + " sends an auth request (pending)", () -> {
            ApiResponse r = api.authRequest(device);
            if (r.status() != 401) {
                throw new CheckFailure("DEVICE_NOT_PENDING", "first auth request should be 401 (pending), got " + r.summary());
            }
            api.findDevice(jwt, device, Duration.ofSeconds(10));
        });
        ArtifactsClient artifacts = new ArtifactsClient(api, jwt);
        String artifactId = reporter.step("upload an artifact", () -> artifacts.upload(
                MenderArtifact.create("harness-mongo-" + UUID.randomUUID(), "harness-device", new byte[] {1, 2, 3})));

        Map<String, List<String>> idsBefore = replicaIds(stack);
        List<String> mongoBefore = stack.replicaIds(mongo);
        reporter.attach("replica ids before the MongoDB restart", idsBefore.toString());

        // --- restart, watching health from a probe meanwhile
        List<MenderComponent> apis = Roles.STATELESS_APIS;
        CompletableFuture<ExecResult> watch = CompletableFuture.supplyAsync(() -> stack.probe(
                Roles.name(stack, apis.get(0)), "sh", "-c", watchScript(stack, apis)));
        Stopwatch sinceRestart = Stopwatch.start();
        reporter.step("restart " + mongo, () -> stack.restart(mongo));
        // restart() may return before the orchestrator began: judge nothing until a new MongoDB runs
        reporter.step(mongo + " runs a new replica", () -> Replacements.awaitAllNew(stack, mongo, mongoBefore,
                Deadline.of(sinceRestart, healthyWithin).left(), "MONGO_NOT_RESTARTED", "restarting " + mongo));
        ExecResult watched = watch.join();
        reporter.attach("health while " + mongo + " restarted (index of " + names(stack, apis) + ", epoch, status)",
                watched.stdout() + watched.stderr());
        Map<String, String> seen = healthSeen(watched.stdout(), apis.stream().map(c -> Roles.name(stack, c)).toList());
        if (seen.values().stream().anyMatch(v -> v.startsWith("no data"))) {
            throw new CheckFailure("HEALTH_WATCH_EMPTY", "the health watch on a probe produced no readings (exit " + watched.exitCode() + "): "
                    + (watched.stdout() + watched.stderr()).strip());
        }

        double healthy = reporter.step("every Mender API healthy again within " + healthyWithin.toSeconds() + " s", () -> {
            for (MenderComponent c : apis) {
                ServiceHealth.await(stack, c, code -> code == 204, Deadline.of(sinceRestart, healthyWithin).left(),
                        "NOT_HEALTHY_AFTER_RESTART", Roles.name(stack, c) + " did not become healthy within "
                                + healthyWithin.toSeconds() + " s of " + mongo + " restarting");
            }
            return sinceRestart.seconds();
        });

        reporter.step("every Mender API reported unhealthy while MongoDB was down", () -> {
            List<String> neverBad = new ArrayList<>();
            seen.forEach((svc, codes) -> {
                if (!codes.contains("unhealthy")) {
                    neverBad.add(svc);
                }
            });
            if (!neverBad.isEmpty()) {
                throw new CheckFailure("HEALTH_IGNORES_MONGO", "health of " + neverBad + " stayed 204 the whole time " + mongo
                        + " restarted: their health endpoints do not check MongoDB (watched " + limits.watch().toSeconds()
                        + " s; " + seen + ")");
            }
        });

        reporter.step("no Mender API was restarted (same replicas before and after)", () -> {
            Map<String, List<String>> after = replicaIds(stack);
            List<String> restarted = new ArrayList<>();
            idsBefore.forEach((svc, ids) -> {
                if (!ids.equals(after.get(svc))) {
                    restarted.add(svc + " " + ids + " → " + after.get(svc));
                }
            });
            if (!restarted.isEmpty()) {
                throw new CheckFailure("SERVICES_RESTARTED", "these services were restarted instead of reconnecting to MongoDB: " + restarted);
            }
        });

        reporter.step("data written before the restart is still there", () -> {
            List<String> lost = new ArrayList<>();
            ApiResponse login = api.loginResponse(user.username(), user.password());
            if (login.status() != 200) {
                lost.add("user " + user.username() + " can no longer log in (" + login.status() + ")");
            }
            try {
                api.findDevice(jwt, device, Duration.ofSeconds(5));
            } catch (CheckFailure e) {
                lost.add("device " + device.mac() + " is no longer listed by deviceauth");
            }
            if (!artifacts.listIds().contains(artifactId)) {
                lost.add("artifact " + artifactId + " is no longer listed by deployments");
            }
            if (!lost.isEmpty()) {
                throw new CheckFailure("DATA_LOST", mongo + " lost data across its restart (is /data/db on a volume?): " + String.join("; ", lost));
            }
        });
        return new Result(healthy, seen);
    }

    private static Map<String, List<String>> replicaIds(RunningStack stack) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (MenderComponent c : Roles.STATELESS_APIS) {
            String svc = Roles.name(stack, c);
            ids.put(svc, stack.replicaIds(svc).stream().sorted().toList());
        }
        return ids;
    }

    String watchScript(RunningStack stack, List<MenderComponent> apis) {
        List<String> urls = new ArrayList<>();
        for (MenderComponent c : apis) {
            ServiceSpec s = Roles.service(stack, c);
            urls.add(ServiceHealth.healthUrl(s, c, s.name()));
        }
        return watchScript(urls, (int) limits.watch().toSeconds());
    }

    /**
     * A probe-side watch: one loop per URL, all running at once, each asking its service's health
     * again 0.1 s after the last answer came back, so a fast health endpoint is asked many times while
     * MongoDB is gone (it can be back within 2 s, and a slow endpoint must not decide how often the
     * others are asked). Output, per URL in order: {@code INDEX EPOCH CODE} per answer. A loop stops
     * after {@code seconds}, or once its service was healthy three times in a row after it had not been.
     */
    static String watchScript(List<String> urls, int seconds) {
        return "d=$(mktemp -d); end=$(( $(date +%s) + " + seconds + " )); n=0; "
                + "for u in " + String.join(" ", urls) + "; do n=$((n+1)); ( bad=0; good=0; "
                + "while [ $(date +%s) -lt $end ]; do "
                + "c=$(curl -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 2 $u); "
                + "echo \"$(date +%s) $c\" >>$d/$n; "
                + "if [ \"$c\" != 204 ]; then bad=1; good=0; elif [ $bad = 1 ]; then good=$((good+1)); [ $good -ge 3 ] && break; fi; "
                + "sleep 0.1; done ) & done; wait; "
                + "i=0; while [ $i -lt $n ]; do i=$((i+1)); [ -f $d/$i ] && sed \"s/^/$i /\" $d/$i; done; rm -rf $d";
    }

    /** Per service: "unhealthy", "healthy only" or "no data", with the distinct codes seen, from the watch output. */
    static Map<String, String> healthSeen(String output, List<String> services) {
        Map<String, TreeSet<String>> codes = new LinkedHashMap<>();
        services.forEach(s -> codes.put(s, new TreeSet<>()));
        for (String line : output == null ? new String[0] : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3 || !f[0].matches("\\d+") || !f[1].matches("\\d+")) {
                continue;
            }
            int i = Integer.parseInt(f[0]) - 1;
            if (i >= 0 && i < services.size()) {
                codes.get(services.get(i)).add(f[2]);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        codes.forEach((svc, cs) -> {
            boolean bad = cs.stream().anyMatch(c -> !c.equals("204"));
            out.put(svc, (cs.isEmpty() ? "no data" : bad ? "unhealthy" : "healthy only") + " " + cs);
        });
        return out;
    }

    private static String names(RunningStack stack, List<MenderComponent> apis) {
        return String.join(" ", apis.stream().map(c -> Roles.name(stack, c)).toList());
    }

    private static String randomMac() {
        String h = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        return String.join(":", h.substring(0, 2), h.substring(2, 4), h.substring(4, 6), h.substring(6, 8), h.substring(8, 10), h.substring(10, 12));
    }
}
