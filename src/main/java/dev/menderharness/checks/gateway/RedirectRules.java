package dev.menderharness.checks.gateway;

import dev.menderharness.contract.MenderApi;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a correct HTTP→HTTPS redirect looks like, as pure functions over (request, status, Location):
 * the status is one of the allowed codes, the Location is HTTPS on an allowed base (the published
 * HTTPS endpoint or the configured external URL: same host and port, never a port nobody published),
 * and the path and query are the request's.
 */
public final class RedirectRules {

    /** GET/HEAD: permanent redirect that may turn into GET. */
    public static final Set<Integer> FOR_GET = Set.of(301);
    /** Other methods: redirects that keep method and body. */
    public static final Set<Integer> KEEPING_METHOD = Set.of(308, 307);

    private RedirectRules() {
    }

    /** The Location header resolved against the request URI (relative Locations are legal). */
    public static URI resolveLocation(URI request, String location) {
        return request.resolve(URI.create(location.trim()));
    }

    public static int effectivePort(URI u) {
        if (u.getPort() > 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : "http".equalsIgnoreCase(u.getScheme()) ? 80 : -1;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    /**
     * Problem with an HTTP→HTTPS redirect, or empty when it is right.
     *
     * @param request the plain-HTTP URI that was requested
     * @param bases   acceptable HTTPS bases: the published HTTPS endpoint, the configured external URL
     */
    public static Optional<String> httpsRedirectProblem(String method, URI request, int status, Optional<String> location,
                                                        Set<Integer> allowedStatus, List<URI> bases) {
        String what = method + " " + request;
        if (!allowedStatus.contains(status)) {
            return Optional.of(what + " answered " + status + ", expected " + allowedStatus
                    + (status == 301 || status == 302 ? " (a 301/302 turns " + method + " into GET and loses the body)" : ""));
        }
        if (location.isEmpty() || location.get().isBlank()) {
            return Optional.of(what + " answered " + status + " without a Location header");
        }
        URI target;
        try {
            target = resolveLocation(request, location.get());
        } catch (IllegalArgumentException e) {
            return Optional.of(what + " redirects to an unparsable Location '" + location.get() + "'");
        }
        for (URI base : bases) {
            if (sameOrigin(target, base)) {
                String expectedPath = basePath(base) + request.getRawPath();
                if (!expectedPath.equals(target.getRawPath())) {
                    return Optional.of(what + " redirects to " + target + ": path " + target.getRawPath()
                            + " instead of " + expectedPath);
                }
                if (!java.util.Objects.equals(request.getRawQuery(), target.getRawQuery())) {
                    return Optional.of(what + " redirects to " + target + ": query '" + target.getRawQuery()
                            + "' instead of '" + request.getRawQuery() + "'");
                }
                return Optional.empty();
            }
        }
        return Optional.of(what + " redirects to " + target + ", expected https on " + origins(bases)
                + (target.getHost() != null && bases.stream().anyMatch(b -> b.getHost().equalsIgnoreCase(target.getHost()))
                        ? ": right host, wrong port (" + effectivePort(target) + "): a port nobody published?"
                        : ""));
    }

    /**
     * Problem with the GUI entry redirect: {@code /} must lead to {@code /ui/} on the same scheme, host
     * and port it was asked on; empty when right.
     */
    public static Optional<String> uiRedirectProblem(URI request, int status, Optional<String> location) {
        String what = "GET " + request;
        if (status < 300 || status > 308 || status == 304) {
            return Optional.of(what + " answered " + status + ", expected a redirect to /ui/");
        }
        if (location.isEmpty()) {
            return Optional.of(what + " answered " + status + " without a Location header");
        }
        URI target = resolveLocation(request, location.get());
        if (!sameOrigin(target, request)) {
            return Optional.of(what + " redirects to " + target + ": not the same scheme, host and port ("
                    + request.getScheme() + "://" + request.getHost() + ":" + effectivePort(request) + ")");
        }
        if (!MenderApi.UI.equals(target.getRawPath())) {
            return Optional.of(what + " redirects to " + target + ", expected path " + MenderApi.UI);
        }
        return Optional.empty();
    }

    private static String basePath(URI base) {
        String p = base.getRawPath() == null ? "" : base.getRawPath();
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String origins(List<URI> bases) {
        return bases.stream().map(b -> b.getScheme() + "://" + b.getHost() + ":" + effectivePort(b)).distinct().toList().toString();
    }
}
