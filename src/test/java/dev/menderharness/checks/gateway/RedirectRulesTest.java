package dev.menderharness.checks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedirectRulesTest {

    private static final URI REQUEST = URI.create("http://localhost:41080/api/x/a%20b?page=2&q=a%20b");
    private static final List<URI> BASES = List.of(URI.create("https://localhost:41443"));

    private static Optional<String> get(int status, String location) {
        return RedirectRules.httpsRedirectProblem("GET", REQUEST, status, Optional.ofNullable(location), RedirectRules.FOR_GET, BASES);
    }

    @Test
    void acceptsRedirectToPublishedHttpsPortKeepingPathAndQuery() {
        assertThat(get(301, "https://localhost:41443/api/x/a%20b?page=2&q=a%20b")).isEmpty();
        assertThat(RedirectRules.httpsRedirectProblem("POST", REQUEST, 308,
                Optional.of("https://localhost:41443/api/x/a%20b?page=2&q=a%20b"), RedirectRules.KEEPING_METHOD, BASES)).isEmpty();
        assertThat(RedirectRules.httpsRedirectProblem("PUT", REQUEST, 307,
                Optional.of("https://localhost:41443/api/x/a%20b?page=2&q=a%20b"), RedirectRules.KEEPING_METHOD, BASES)).isEmpty();
    }

    @Test
    void rejectsHardCodedOrMissingPort() {
        assertThat(get(301, "https://localhost/api/x/a%20b?page=2&q=a%20b")).get().asString()
                .contains("wrong port (443)");
        assertThat(get(301, "https://localhost:443/api/x/a%20b?page=2&q=a%20b")).get().asString()
                .contains("wrong port (443)");
        assertThat(get(301, "https://localhost:41080/api/x/a%20b?page=2&q=a%20b")).get().asString()
                .contains("wrong port (41080)");
        assertThat(get(301, "http://localhost:41443/api/x/a%20b?page=2&q=a%20b")).isPresent();
    }

    @Test
    void rejectsLostPathOrQuery() {
        assertThat(get(301, "https://localhost:41443/")).get().asString().contains("path / instead of /api/x/a%20b");
        assertThat(get(301, "https://localhost:41443/api/x/a%20b")).get().asString().contains("query");
    }

    @Test
    void rejectsWrongStatusAndMissingLocation() {
        assertThat(get(302, "https://localhost:41443/api/x/a%20b?page=2&q=a%20b")).isPresent();
        assertThat(get(200, null)).isPresent();
        assertThat(get(301, null)).get().asString().contains("without a Location");
        assertThat(RedirectRules.httpsRedirectProblem("POST", REQUEST, 301,
                Optional.of("https://localhost:41443/api/x/a%20b?page=2&q=a%20b"), RedirectRules.KEEPING_METHOD, BASES))
                .get().asString().contains("turns POST into GET");
    }

    @Test
    void acceptsConfiguredExternalUrlWithPathPrefix() {
        List<URI> bases = List.of(URI.create("https://localhost:41443"), URI.create("https://mender.example.com:8443/prefix/"));
        assertThat(RedirectRules.httpsRedirectProblem("GET", REQUEST, 301,
                Optional.of("https://mender.example.com:8443/prefix/api/x/a%20b?page=2&q=a%20b"), RedirectRules.FOR_GET, bases)).isEmpty();
        assertThat(RedirectRules.httpsRedirectProblem("GET", REQUEST, 301,
                Optional.of("https://mender.example.com/prefix/api/x/a%20b?page=2&q=a%20b"), RedirectRules.FOR_GET, bases)).isPresent();
    }

    @Test
    void uiRedirectMustStayOnSameOrigin() {
        URI root = URI.create("https://localhost:41443/");
        assertThat(RedirectRules.uiRedirectProblem(root, 301, Optional.of("/ui/"))).isEmpty();
        assertThat(RedirectRules.uiRedirectProblem(root, 302, Optional.of("https://localhost:41443/ui/"))).isEmpty();
        assertThat(RedirectRules.uiRedirectProblem(root, 301, Optional.of("https://localhost/ui/"))).get().asString()
                .contains("not the same scheme, host and port");
        assertThat(RedirectRules.uiRedirectProblem(root, 301, Optional.of("https://localhost:443/ui/"))).isPresent();
        assertThat(RedirectRules.uiRedirectProblem(root, 301, Optional.of("/login"))).get().asString().contains("/ui/");
        assertThat(RedirectRules.uiRedirectProblem(root, 200, Optional.empty())).isPresent();
    }

    @Test
    void resolvesRelativeLocations() {
        assertThat(RedirectRules.resolveLocation(URI.create("https://h:1/a/b"), "/ui/")).isEqualTo(URI.create("https://h:1/ui/"));
        assertThat(RedirectRules.effectivePort(URI.create("https://h/"))).isEqualTo(443);
        assertThat(RedirectRules.effectivePort(URI.create("http://h/"))).isEqualTo(80);
    }
}
