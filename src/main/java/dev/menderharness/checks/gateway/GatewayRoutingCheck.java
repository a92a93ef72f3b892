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
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Each API prefix reaches its service through the gateway: management and device paths without a
 * token give 401 (the gateway's auth subrequest answered), GET on auth_requests gives 405 (deviceauth
 * itself answered); a user created with the useradm CLI logs in and every management list answers
 * 200; a new device's auth request is 401 (pending), the device is accepted through the management
 * API, its next auth request is 200 with a device JWT, and that JWT works on a device route. The
 * statuses are exact; there are no thresholds.
 *
 * <p>Reason codes: {@code ROUTE_WRONG_STATUS} (a route answered another status than its rule),
 * {@code LOGIN_FAILED}, {@code DEVICE_NOT_PENDING}, {@code DEVICE_NOT_ACCEPTED} (and the client's
 * {@code DEVICE_NOT_LISTED}), {@code DEVICE_TOKEN_REFUSED}, {@code DEVICE_ROUTE_FAILED}.
 */
public final class GatewayRoutingCheck implements Check<GatewayRoutingCheck.Measurements> {

    /** Latency of every call, by "METHOD path". */
    public record Measurements(Map<String, Duration> latencies, String deviceId) implements CheckResult {
    }

    @Override
    public Measurements run(CheckContext context) {
        Reporter reporter = context.reporter();
        Failures failures = new Failures("gateway routing");
        Map<String, Duration> latencies = new LinkedHashMap<>();
        MenderApiClient api = MenderApiClient.gateway(context);
        StringBuilder log = new StringBuilder();

        reporter.step("management and device routes without a token answer 401", () -> {
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                expect(api.get(r.path()), 401, "management route of " + r.component().name().toLowerCase(Locale.ROOT)
                        + " without a token", failures, latencies, log);
            }
            for (MenderApi.Route r : MenderApi.DEVICE) {
                expect(api.get(r.path()), 401, "device route of " + r.component().name().toLowerCase(Locale.ROOT)
                        + " without a token", failures, latencies, log);
            }
        });
        reporter.step("GET on the device auth_requests route answers 405 (deviceauth itself)", () ->
                expect(api.get(MenderApi.AUTH_REQUESTS), 405, "GET auth_requests", failures, latencies, log));

        String deviceId = reporter.step("a user from the useradm CLI logs in and management calls succeed", () -> {
            MenderUsers.Credentials c = MenderUsers.createRandom(context);
            ApiResponse login = api.loginResponse(c.username(), c.password());
            record(latencies, log, login);
            if (login.status() != 200 || !MenderApiClient.looksLikeJwt(login.body())) {
                failures.add("LOGIN_FAILED", "login of a user created with the useradm CLI: " + login.summary()
                        + ", expected 200 with a JWT");
                return null;
            }
            String jwt = login.body().trim();
            SecretMasker.register(jwt);
            for (MenderApi.Route r : MenderApi.MANAGEMENT) {
                expect(api.get(r.path(), jwt), 200, "management route of "
                        + r.component().name().toLowerCase(Locale.ROOT) + " with a user token", failures, latencies, log);
            }
            return deviceFlow(reporter, api, jwt, failures, latencies, log);
        });
        reporter.attach("routing answers", log.toString());
        failures.throwIfAny();
        return new Measurements(latencies, deviceId);
    }

    private String deviceFlow(Reporter reporter, MenderApiClient api, String userJwt, Failures failures,
                              Map<String, Duration> latencies, StringBuilder log) {
        return reporter.step("a device auth request is pending (401), accepted, then answered with a device JWT", () -> {
            DeviceIdentity device = DeviceIdentity.generate(randomMac());
            ApiResponse pending = api.authRequest(device);
            record(latencies, log, pending);
            if (pending.status() != 401) {
                failures.add("DEVICE_NOT_PENDING", "first auth request of a new device: " + pending.summary()
                        + ", expected 401 (pending)");
                return null;
            }
            MenderApiClient.DeviceAuthSet set;
            try {
                set = api.acceptDevice(userJwt, device);
            } catch (CheckFailure e) {
                failures.add(e.reason(), e.getMessage());
                return null;
            }
            ApiResponse accepted = api.authRequest(device);
            record(latencies, log, accepted);
            if (accepted.status() != 200 || !MenderApiClient.looksLikeJwt(accepted.body())) {
                failures.add("DEVICE_TOKEN_REFUSED", "auth request of the accepted device " + set.deviceId() + ": "
                        + accepted.summary() + ", expected 200 with a device JWT");
                return set.deviceId();
            }
            String deviceJwt = accepted.body().trim();
            SecretMasker.register(deviceJwt);
            ApiResponse attrs = api.send("PATCH", MenderApi.DEVICE.get(0).path(), deviceJwt,
                    "[{\"name\":\"harness_probe\",\"value\":\"routing\"}]".getBytes(StandardCharsets.UTF_8), "application/json");
            record(latencies, log, attrs);
            failures.check(attrs.status() / 100 == 2, "DEVICE_ROUTE_FAILED", "device inventory update with the device JWT: "
                    + attrs.summary() + ", expected 2xx (device token verified by deviceauth, request reached inventory)");
            return set.deviceId();
        });
    }

    private static void expect(ApiResponse r, int status, String what, Failures failures, Map<String, Duration> latencies,
                               StringBuilder log) {
        record(latencies, log, r);
        failures.check(r.status() == status, "ROUTE_WRONG_STATUS", what + ": " + r.summary() + ", expected " + status);
    }

    private static void record(Map<String, Duration> latencies, StringBuilder log, ApiResponse r) {
        latencies.put(r.method() + " " + r.uri().getRawPath(), r.took());
        log.append(r.summary()).append('\n');
    }

    static String randomMac() {
        StringBuilder sb = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            sb.append(String.format(":%02x", ThreadLocalRandom.current().nextInt(256)));
        }
        return sb.toString();
    }
}
