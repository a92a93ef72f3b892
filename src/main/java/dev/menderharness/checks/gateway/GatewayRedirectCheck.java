package dev.menderharness.checks.gateway;

import dev.menderharness.checks.ApiResponse;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.MenderApiClient;
import dev.menderharness.checks.MenderUsers;
import dev.menderharness.checks.StackRoles;
import dev.menderharness.cluster.GatewayEndpoints;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.contract.MenderApi;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.support.Reporter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP requests to the gateway are redirected to HTTPS on the port the stack is really published on
 * (or the configured external URL): 301 for GET, 308/307 for POST and PUT, path and query kept;
 * {@code /} leads to {@code /ui/} on the same host and port; a login sent to the HTTP port and
 * following the redirects succeeds. The provider publishes the gateway on random host ports, so a
 * redirect to a hard-coded port (443, the container port) cannot pass by accident. The rules are
 * exact (see {@link RedirectRules}); there are no thresholds.
 *
 * <p>Reason codes: {@code GATEWAY_ON_STANDARD_PORT}, {@code WRONG_REDIRECT} (status, target, port,
 * path or query of an HTTP→HTTPS redirect), {@code UI_REDIRECT_WRONG}, {@code GUI_NOT_SERVED},
 * {@code LOGIN_THROUGH_REDIRECTS_FAILED}, {@code LOGIN_NOT_ON_HTTPS}. The login through the redirects is
 * tried only when the redirects were right: a wrong redirect breaks it too, and is reported once, as
 * {@code WRONG_REDIRECT}.
 *
 * <p>Variants: {@code gateway-redirect-fixed-port} → {@code WRONG_REDIRECT}, {@code gateway-ui-redirect-to-gui}
 * → {@code UI_REDIRECT_WRONG}, {@code gui-not-deployed} → {@code GUI_NOT_SERVED}. The provider publishes the
 * gateway on random ports whatever the manifest says ({@code GATEWAY_ON_STANDARD_PORT}); with the redirects
 * right (the step before), what is left to break a login through them, or land it on plain HTTP, is the
 * login route itself, which the routing check proves ({@code LOGIN_THROUGH_REDIRECTS_FAILED},
 * {@code LOGIN_NOT_ON_HTTPS}); docs/check-variants.md.
 */
public final class GatewayRedirectCheck implements Check<GatewayRedirectCheck.Measurements> {

    /** Deploy-time setting on the gateway: the HTTPS URL clients reach it at (shared conventions). */
    public static final String EXTERNAL_URL_ENV = "MENDER_EXTERNAL_URL";

    private static final String PROBE_PATH = MenderApi.USERS + "/harness-redirect-probe";
    private static final String PROBE_QUERY = "page=2&per_page=5&q=a%20b";

    private final MenderUsers.Credentials user;

    /** Creates a user (useradm CLI) for the login-through-redirects step. */
    public GatewayRedirectCheck() {
        this.user = null;
    }

    /** Uses this user for the login-through-redirects step instead of creating one. */
    public GatewayRedirectCheck(MenderUsers.Credentials user) {
        this.user = Objects.requireNonNull(user, "user");
    }

    /** What the check saw: per request the status, Location and latency. */
    public record Measurements(Map<String, String> answers, Map<String, Duration> latencies) implements CheckResult {
    }

    @Override
    public Measurements run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        GatewayEndpoints gw = stack.gateway();
        Failures failures = new Failures("gateway redirects");
        Map<String, String> answers = new LinkedHashMap<>();
        Map<String, Duration> latencies = new LinkedHashMap<>();
        List<URI> bases = new ArrayList<>();
        bases.add(gw.https());
        externalUrl(stack).ifPresent(bases::add);
        reporter.attach("gateway endpoints", "http  " + gw.http() + "\nhttps " + gw.https() + "\naccepted HTTPS bases " + bases);

        for (URI published : List.of(gw.http(), gw.https())) {
            int port = RedirectRules.effectivePort(published);
            failures.check(port != 80 && port != 443, "GATEWAY_ON_STANDARD_PORT", "the gateway is published on " + published
                    + ": on a standard port a redirect to a hard-coded port cannot be told from a correct one; "
                    + "the provider must publish it on a random free port");
        }

        MenderApiClient http = MenderApiClient.of(gw.http(), reporter);
        reporter.step("plain HTTP is redirected to HTTPS on the published port, path and query kept", () -> {
            URI request = http.resolve(PROBE_PATH + "?" + PROBE_QUERY);
            for (String method : List.of("GET", "POST", "PUT")) {
                byte[] body = method.equals("GET") ? null : "{\"probe\":true}".getBytes(StandardCharsets.UTF_8);
                ApiResponse r = http.send(method, PROBE_PATH + "?" + PROBE_QUERY, null, body, body == null ? null : "application/json");
                record(answers, latencies, r);
                Set<Integer> allowed = method.equals("GET") ? RedirectRules.FOR_GET : RedirectRules.KEEPING_METHOD;
                RedirectRules.httpsRedirectProblem(method, request, r.status(), r.location(), allowed, bases)
                        .ifPresent(p -> failures.add("WRONG_REDIRECT", p));
            }
        });

        reporter.step("/ leads to " + MenderApi.UI + " on the same host and port", () -> {
            ApiResponse plain = http.get("/");
            record(answers, latencies, plain);
            Optional<String> p = RedirectRules.httpsRedirectProblem("GET", http.resolve("/"), plain.status(),
                    plain.location(), RedirectRules.FOR_GET, bases);
            p.ifPresent(problem -> failures.add("WRONG_REDIRECT", problem));
            URI root = p.isPresent() ? gw.https().resolve("/") : RedirectRules.resolveLocation(http.resolve("/"), plain.location().get());
            MenderApiClient tls = MenderApiClient.of(root.resolve("/"), reporter);
            ApiResponse ui = tls.get(root.getRawPath().isEmpty() ? "/" : root.getRawPath());
            record(answers, latencies, ui);
            Optional<String> uiProblem = RedirectRules.uiRedirectProblem(root, ui.status(), ui.location());
            uiProblem.ifPresent(problem -> failures.add("UI_REDIRECT_WRONG", problem));
            if (uiProblem.isEmpty()) {
                URI uiUri = RedirectRules.resolveLocation(root, ui.location().get());
                ApiResponse page = tls.get(uiUri.toString());
                record(answers, latencies, page);
                failures.check(page.status() == 200, "GUI_NOT_SERVED",
                        "the GUI at " + uiUri + " answered " + page.summary() + ", expected 200");
            }
        });

        boolean redirectsRight = failures.reasons().stream().noneMatch(r -> r.equals("WRONG_REDIRECT"));
        reporter.step("a login sent to the HTTP port and following the redirects succeeds", () -> {
            if (!redirectsRight) {
                reporter.progress("login through the redirects not tried: the redirects are wrong (reported above)");
                return;
            }
            MenderUsers.Credentials c = user != null ? user : MenderUsers.createRandom(context);
            ApiResponse r;
            try {
                r = MenderApiClient.followingRedirects(gw.http(), reporter).loginResponse(c.username(), c.password());
            } catch (AssertionError e) {
                // e.g. the redirect led to a port nothing listens on: connection refused
                failures.add("LOGIN_THROUGH_REDIRECTS_FAILED", "login POSTed to " + gw.http() + MenderApi.LOGIN
                        + " and following redirects failed: " + e.getMessage());
                return;
            }
            record(answers, latencies, r);
            failures.check(r.status() == 200 && MenderApiClient.looksLikeJwt(r.body()), "LOGIN_THROUGH_REDIRECTS_FAILED",
                    "login POSTed to " + gw.http() + MenderApi.LOGIN + " and following redirects ended with "
                            + r.summary() + ", expected 200 with a JWT (a 301/302 on POST drops method and body)");
            failures.check("https".equalsIgnoreCase(r.uri().getScheme()), "LOGIN_NOT_ON_HTTPS",
                    "the followed login ended on " + r.uri() + ", not on HTTPS");
        });

        StringBuilder sb = new StringBuilder();
        answers.forEach((k, v) -> sb.append(k).append(" -> ").append(v).append('\n'));
        reporter.attach("redirect answers", sb.toString());
        failures.throwIfAny();
        return new Measurements(answers, latencies);
    }

    private static void record(Map<String, String> answers, Map<String, Duration> latencies, ApiResponse r) {
        String key = r.method() + " " + r.uri();
        answers.put(key, r.status() + r.location().map(l -> " Location: " + l).orElse(""));
        latencies.put(key, r.took());
    }

    /** MENDER_EXTERNAL_URL of the gateway as deployed, when set. */
    static Optional<URI> externalUrl(RunningStack stack) {
        return stack.topology().serviceOf(MenderComponent.GATEWAY)
                .map(s -> s.env().get(EXTERNAL_URL_ENV))
                .filter(v -> v != null && !v.isBlank() && !v.contains("$"))
                .map(v -> URI.create(v.trim()));
    }

    static String gatewayName(RunningStack stack) {
        return StackRoles.serviceName(stack, MenderComponent.GATEWAY);
    }
}
