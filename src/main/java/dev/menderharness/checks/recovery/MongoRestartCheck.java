package dev.menderharness.checks.recovery;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.ArtifactsClient;
import dev.menderharness.checks.BenchmarkJson;
import dev.menderharness.checks.DeviceIdentity;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderArtifact;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.checks.Roles;
import dev.menderharness.checks.ServiceHealth;
import dev.menderharness.checks.StackRoles;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Restarts MongoDB under a running stack. The Mender APIs must report unhealthy while it is gone,
 * become healthy again by themselves (same replicas: none restarted) and everything written before
 * must still be there: a user (logs in), a device (listed by deviceauth), an artifact (listed by
 * deployments). A MongoDB without a volume fails here, because its data goes with the container.
 */
public final class MongoRestartCheck {

    public record Result(double secondsToHealthy, Map<String, String> healthSeen) {
    }

    static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);
    /** How long the probe watches health around the restart (the probe's own exec limit is 30 s). */
    static final int WATCH_SECONDS = 25;

    private final RunningStack stack;

    public MongoRestartCheck(RunningStack stack) {
        this.stack = stack;
    }

    public Result run() {
        String mongo = StackRoles.serviceName(stack, MenderComponent.MONGO);
        MenderApiClient api = MenderApiClient.of(stack.gateway().https());

        // --- precondition: the stack is healthy before anything is written (a MongoDB redeployed
        // just before this check may still be reconnecting; that is not what this check measures)
        Report.step("every Mender API healthy before the restart", () -> {
            for (MenderComponent c : Roles.STATELESS_APIS) {
                ServiceHealth.await(stack, c, code -> code == 204, HEALTHY_WITHIN,
                        Roles.name(stack, c) + " was not healthy within " + HEALTHY_WITHIN.toSeconds() + " s before " + mongo + " restarted");
            }
        });

        // --- data written before
        MenderUsers.Credentials user = MenderUsers.createRandom(stack);
        String jwt = api.login(user.username(), user.password());
        DeviceIdentity device = DeviceIdentity.generate(randomMac());
        Report.step("device " + device.mac() + " sends an auth request (pending)", () -> {
            ApiResponse r = api.authRequest(device);
            if (r.status() != 401) {
                throw new AssertionError("first auth request should be 401 (pending), got " + r.summary());
            }
            api.findDevice(jwt, device, Duration.ofSeconds(10));
        });
        ArtifactsClient artifacts = new ArtifactsClient(api, jwt);
        String artifactId = Report.step("upload an artifact", () -> artifacts.upload(
                MenderArtifact.create("harness-mongo-" + UUID.randomUUID(), "harness-device", new byte[] {1, 2, 3})));

        Map<String, List<String>> idsBefore = replicaIds();
        Report.attach("replica ids before the MongoDB restart", idsBefore.toString());

        // --- restart, watching health from a probe meanwhile
        List<MenderComponent> apis = Roles.STATELESS_APIS;
        CompletableFuture<ExecResult> watch = CompletableFuture.supplyAsync(() -> stack.probe(
                Roles.name(stack, apis.get(0)), "sh", "-c", watchScript(apis)));
        long t0 = System.nanoTime();
        Report.step("restart " + mongo, () -> stack.restart(mongo));
        ExecResult watched = watch.join();
        Report.attach("health while " + mongo + " restarted (epoch, then " + names(apis) + ")", watched.stdout() + watched.stderr());
        Map<String, String> seen = healthSeen(watched.stdout(), apis.stream().map(c -> Roles.name(stack, c)).toList());
        if (seen.values().stream().anyMatch(v -> v.startsWith("no data"))) {
            throw new AssertionError("the health watch on a probe produced no readings (exit " + watched.exitCode() + "): "
                    + (watched.stdout() + watched.stderr()).strip());
        }

        double healthy = Report.step("every Mender API healthy again within " + HEALTHY_WITHIN.toSeconds() + " s", () -> {
            for (MenderComponent c : apis) {
                Duration left = HEALTHY_WITHIN.minusNanos(System.nanoTime() - t0);
                ServiceHealth.await(stack, c, code -> code == 204, left.isNegative() ? Duration.ZERO : left,
                        Roles.name(stack, c) + " did not become healthy within " + HEALTHY_WITHIN.toSeconds()
                                + " s of " + mongo + " restarting");
            }
            return (System.nanoTime() - t0) / 1e9;
        });

        Report.step("every Mender API reported unhealthy while MongoDB was down", () -> {
            List<String> neverBad = new ArrayList<>();
            seen.forEach((svc, codes) -> {
                if (!codes.contains("unhealthy")) {
                    neverBad.add(svc);
                }
            });
            if (!neverBad.isEmpty()) {
                throw new AssertionError("health of " + neverBad + " stayed 204 the whole time " + mongo
                        + " restarted: their health endpoints do not check MongoDB (watched " + WATCH_SECONDS + " s; " + seen + ")");
            }
        });

        Report.step("no Mender API was restarted (same replicas before and after)", () -> {
            Map<String, List<String>> after = replicaIds();
            List<String> restarted = new ArrayList<>();
            idsBefore.forEach((svc, ids) -> {
                if (!ids.equals(after.get(svc))) {
                    restarted.add(svc + " " + ids + " → " + after.get(svc));
                }
            });
            if (!restarted.isEmpty()) {
                throw new AssertionError("these services were restarted instead of reconnecting to MongoDB: " + restarted);
            }
        });

        Report.step("data written before the restart is still there", () -> {
            List<String> lost = new ArrayList<>();
            ApiResponse login = api.loginResponse(user.username(), user.password());
            if (login.status() != 200) {
                lost.add("user " + user.username() + " can no longer log in (" + login.status() + ")");
            }
            try {
                api.findDevice(jwt, device, Duration.ofSeconds(5));
            } catch (AssertionError e) {
                lost.add("device " + device.mac() + " is no longer listed by deviceauth");
            }
            if (!artifacts.listIds().contains(artifactId)) {
                lost.add("artifact " + artifactId + " is no longer listed by deployments");
            }
            if (!lost.isEmpty()) {
                throw new AssertionError(mongo + " lost data across its restart (is /data/db on a volume?): " + String.join("; ", lost));
            }
        });

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds_to_healthy", KillReplicaCheck.round(healthy));
        m.put("health_seen", seen);
        Report.attachJson("MongoDB restart", BenchmarkJson.named("recovery").put("recovery.mongo-restart", m));
        return new Result(healthy, seen);
    }

    private Map<String, List<String>> replicaIds() {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (MenderComponent c : Roles.STATELESS_APIS) {
            String svc = Roles.name(stack, c);
            ids.put(svc, stack.replicaIds(svc).stream().sorted().toList());
        }
        return ids;
    }

    String watchScript(List<MenderComponent> apis) {
        List<String> urls = new ArrayList<>();
        for (MenderComponent c : apis) {
            ServiceSpec s = Roles.service(stack, c);
            urls.add(ServiceHealth.healthUrl(s, c, s.name()));
        }
        return watchScript(urls, WATCH_SECONDS);
    }

    /**
     * A probe-side loop: every 0.2 s one health request per URL, all sent at once, one output line
     * per round ({@code epoch code code ...}, in URL order); stops after {@code seconds} or once
     * every API was healthy for three rounds after any had not been. At once, because MongoDB can
     * be back within 3 s: one request after the other (up to 2 s each while it is gone), the later
     * services were asked only after it had returned, and seemed not to notice it had gone.
     */
    static String watchScript(List<String> urls, int seconds) {
        return "d=$(mktemp -d); end=$(( $(date +%s) + " + seconds + " )); bad=0; good=0; "
                + "while [ $(date +%s) -lt $end ]; do n=0; "
                + "for u in " + String.join(" ", urls) + "; do n=$((n+1)); "
                + "curl -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 2 $u >$d/$n & done; wait; "
                + "line=''; ok=1; i=0; while [ $i -lt $n ]; do i=$((i+1)); c=$(cat $d/$i); "
                + "line=\"$line $c\"; [ \"$c\" = 204 ] || ok=0; done; echo \"$(date +%s)$line\"; "
                + "if [ $ok = 0 ]; then bad=1; good=0; elif [ $bad = 1 ]; then good=$((good+1)); [ $good -ge 3 ] && break; fi; "
                + "sleep 0.2; done; rm -rf $d";
    }

    /** Per service: "unhealthy", "healthy only" or "no data", with the distinct codes seen, from the watch output. */
    static Map<String, String> healthSeen(String output, List<String> services) {
        Map<String, java.util.TreeSet<String>> codes = new LinkedHashMap<>();
        services.forEach(s -> codes.put(s, new java.util.TreeSet<>()));
        for (String line : output == null ? new String[0] : output.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != services.size() + 1 || !f[0].matches("\\d+")) {
                continue;
            }
            for (int i = 0; i < services.size(); i++) {
                codes.get(services.get(i)).add(f[i + 1]);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        codes.forEach((svc, cs) -> {
            boolean bad = cs.stream().anyMatch(c -> !c.equals("204"));
            out.put(svc, (cs.isEmpty() ? "no data" : bad ? "unhealthy" : "healthy only") + " " + cs);
        });
        return out;
    }

    private String names(List<MenderComponent> apis) {
        return String.join(" ", apis.stream().map(c -> Roles.name(stack, c)).toList());
    }

    private static String randomMac() {
        String h = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        return String.join(":", h.substring(0, 2), h.substring(2, 4), h.substring(4, 6), h.substring(6, 8), h.substring(8, 10), h.substring(10, 12));
    }
}
