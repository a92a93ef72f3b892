package dev.menderharness.checks.gateway;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.DeviceIdentity;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each API prefix reaches its own service through the gateway, judged by who answered, not only by
 * the status: every request carries its own {@code X-MEN-RequestID}, and the request's answer must
 * be in the intended service's access log ({@link RouteEvidence}). nginx's {@code auth_request}
 * answers 401 before proxying anything, so a status alone would pass a route sent to the wrong service.
 *
 * <ul>
 *   <li>without a token, each management route is stopped by useradm's verify (401) and each device
 *       route by deviceauth's; GET on auth_requests is deviceauth's own 405; an unsigned device
 *       download link ({@code /api/devices/v1/deployments/download/...}, HMAC-signed, no token) is
 *       answered by deployments itself (400, or 404 without a presign secret), not stopped at the gate;
 *       where deployments has no such route (the stand-in), its router's own 404 proves it got there:
 *       {@code {"error":"not found"}} without a request id, which no other service answers;</li>
 *   <li>a user created with the useradm CLI logs in (useradm answers), every management list
 *       answers 200 from its own service with the user's token, and the management download link of
 *       an unknown artifact is deployments' 404;</li>
 *   <li>a new device's auth request is deviceauth's 401 (pending); after acceptance through the
 *       management API it gets 200 and a device JWT, which inventory's device route accepts (200) and
 *       with which deployments answers the next-deployment query (204: none).</li>
 * </ul>
 *
 * <p>Reason codes: {@code ROUTE_WRONG_SERVICE} (another service logged the request: the prefix, or the
 * gate before it, leads elsewhere), {@code ROUTE_UNATTRIBUTED} (no Mender service logged it),
 * {@code ROUTE_WRONG_STATUS} (the right service answered another status), {@code LOGIN_FAILED},
 * {@code DEVICE_NOT_PENDING}, {@code DEVICE_NOT_ACCEPTED} (and the client's {@code DEVICE_NOT_LISTED}),
 * {@code DEVICE_TOKEN_REFUSED}. Variant: {@code gateway-deployments-routed-to-inventory} →
 * {@code ROUTE_WRONG_SERVICE}. The flow codes need a service's code to misbehave (a login, a pending
 * device or a token refused by the right service), not a manifest; docs/check-variants.md.
 */
public final class GatewayRoutingCheck implements Check<GatewayRoutingCheck.Measurements> {

    /** @param evidence how long the services' access logs may take to show the requests */
    public record Limits(Duration evidence) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(8));
    }

    /** Latency of every call by "METHOD path", who answered each probe, the device accepted. */
    public record Measurements(Map<String, Duration> latencies, Map<String, String> answeredBy, String deviceId)
            implements CheckResult {
    }

    private final Limits limits;

    public GatewayRoutingCheck() {
        this(Limits.DEFAULT);
    }

    public GatewayRoutingCheck(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Measurements run(CheckContext context) {
        Reporter reporter = context.reporter();
        Failures failures = new Failures("gateway routing");
        Probes probes = new Probes();
        MenderApiClient api = MenderApiClient.gateway(context).tagged();

        reporter.step("without a token the gateway's auth subrequest answers 401: useradm for management routes, "
                + "deviceauth for device routes", () -> {
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                probes.expect("management route of " + name(r.component()) + " without a token", api.get(r.path()),
                        MenderComponent.USERADM, true, 401);
            }
            for (MenderApi.Route r : MenderApi.DEVICE) {
                probes.expect("device route of " + name(r.component()) + " without a token", api.get(r.path()),
                        MenderComponent.DEVICEAUTH, true, 401);
            }
        });
        reporter.step("GET on the device auth_requests route is deviceauth's own 405", () ->
                probes.expect("GET auth_requests", api.get(MenderApi.AUTH_REQUESTS), MenderComponent.DEVICEAUTH, false, 405));
        reporter.step("an unsigned device download link reaches deployments without a token", () -> {
            ApiResponse r = api.get(MenderApi.deviceConfigurationDownload(UUID.randomUUID().toString(), "harness-device",
                    UUID.randomUUID().toString()));
            probes.record(r);
            probes.list.add(new RouteEvidence.Expectation("device download link without its signature", r,
                    MenderComponent.DEPLOYMENTS, false, Set.of(400, 403, 404), RouteEvidence.DEPLOYMENTS_NO_ROUTE));
        });

        String deviceId = reporter.step("a user from the useradm CLI logs in; each management route is answered by its service", () -> {
            MenderUsers.Credentials c = MenderUsers.createRandom(context);
            ApiResponse login = api.loginResponse(c.username(), c.password());
            probes.expect("login", login, MenderComponent.USERADM, false, 200);
            if (login.status() != 200 || !MenderApiClient.looksLikeJwt(login.body())) {
                failures.add("LOGIN_FAILED", "login of a user created with the useradm CLI: " + login.summary()
                        + ", expected 200 with a JWT");
                return null;
            }
            String jwt = login.body().trim();
            SecretMasker.register(jwt);
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                probes.expect("management route of " + name(r.component()) + " with a user token", api.get(r.path(), jwt),
                        r.component(), false, 200);
            }
            probes.expect("management download link of an unknown artifact",
                    api.get(MenderApi.artifactDownload(UUID.randomUUID().toString()), jwt), MenderComponent.DEPLOYMENTS, false, 404);
            return deviceFlow(reporter, api, jwt, failures, probes);
        });

        Map<String, String> answeredBy = reporter.step("every answer came from the intended service (its X-MEN-RequestID "
                + "in that service's access log)", () -> RouteEvidence.judge(context.stack(), reporter, probes.list,
                limits.evidence(), failures));
        reporter.attach("routing answers", probes.log.toString());
        failures.throwIfAny();
        return new Measurements(probes.latencies, answeredBy, deviceId);
    }

    private String deviceFlow(Reporter reporter, MenderApiClient api, String userJwt, Failures failures, Probes probes) {
        return reporter.step("a device auth request is pending (401), accepted, then answered with a device JWT that "
                + "inventory and deployments accept", () -> {
            DeviceIdentity device = DeviceIdentity.generate(randomMac());
            ApiResponse pending = api.authRequest(device);
            if (pending.status() != 401) {
                probes.record(pending);
                failures.add("DEVICE_NOT_PENDING", "first auth request of a new device: " + pending.summary()
                        + ", expected 401 (pending)");
                return null;
            }
            probes.expect("auth request of a new device (pending)", pending, MenderComponent.DEVICEAUTH, false, 401);
            MenderApiClient.DeviceAuthSet set;
            try {
                set = api.acceptDevice(userJwt, device);
            } catch (CheckFailure e) {
                failures.add(e.reason(), e.getMessage());
                return null;
            }
            ApiResponse accepted = api.authRequest(device);
            if (accepted.status() != 200 || !MenderApiClient.looksLikeJwt(accepted.body())) {
                probes.record(accepted);
                failures.add("DEVICE_TOKEN_REFUSED", "auth request of the accepted device " + set.deviceId() + ": "
                        + accepted.summary() + ", expected 200 with a device JWT");
                return set.deviceId();
            }
            probes.expect("auth request of the accepted device", accepted, MenderComponent.DEVICEAUTH, false, 200);
            String deviceJwt = accepted.body().trim();
            SecretMasker.register(deviceJwt);
            probes.expect("device inventory update with the device token", api.send("PATCH", MenderApi.DEVICE_ATTRIBUTES, deviceJwt,
                    "[{\"name\":\"harness_probe\",\"value\":\"routing\"}]".getBytes(StandardCharsets.UTF_8), "application/json"),
                    MenderComponent.INVENTORY, false, 200);
            probes.expect("device next-deployment query with the device token",
                    api.get(MenderApi.deviceNextDeployment("harness-none", "harness-device"), deviceJwt),
                    MenderComponent.DEPLOYMENTS, false, 204);
            return set.deviceId();
        });
    }

    /** The requests sent and what each must show. */
    private static final class Probes {
        final List<RouteEvidence.Expectation> list = new ArrayList<>();
        final Map<String, Duration> latencies = new LinkedHashMap<>();
        final StringBuilder log = new StringBuilder();

        void expect(String what, ApiResponse r, MenderComponent answeredBy, boolean viaVerify, Integer... statuses) {
            record(r);
            list.add(new RouteEvidence.Expectation(what, r, answeredBy, viaVerify, Set.of(statuses)));
        }

        void record(ApiResponse r) {
            latencies.put(r.method() + " " + r.uri().getRawPath(), r.took());
            log.append(r.summary()).append('\n');
        }
    }

    private static String name(MenderComponent c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    static String randomMac() {
        StringBuilder sb = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            sb.append(String.format(":%02x", ThreadLocalRandom.current().nextInt(256)));
        }
        return sb.toString();
    }
}
