package dev.menderharness.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraefikRuleTest {
    @Test
    void matchersAndOperators() {
        TraefikRule r = TraefikRule.parse("!Path(`/api/management/v1/useradm/auth/logout`) &&\n"
                + "PathRegexp(`^/api/management/v[0-9a-z]+/useradm/(auth|oauth2|oidc)`)");
        assertThat(r.matches("POST", "/api/management/v1/useradm/auth/login")).isTrue();
        assertThat(r.matches("POST", "/api/management/v1/useradm/auth/logout")).isFalse();
        assertThat(r.matches("GET", "/api/management/v1/useradm/users")).isFalse();
        TraefikRule m = TraefikRule.parse("(Method(`OPTIONS`) || Method(`POST`)) && PathPrefix(`/a`, `/b`)");
        assertThat(m.matches("POST", "/b/x")).isTrue();
        assertThat(m.matches("GET", "/b/x")).isFalse();
        assertThat(TraefikRule.parse("Host(`mender.example.com`) && Path(`/x`)").matches("GET", "/x")).as("hosts are not modelled").isTrue();
        assertThat(TraefikRule.parse("PathRegexp(`/api/devices/v[0-9a-z]+/deployments`)").matches("GET", "/api/devices/v1/deployments/next"))
                .as("unanchored, as Go's MatchString").isTrue();
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> TraefikRule.parse("PathPrefix(`/a`")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraefikRule.parse("PathPrefix(/a)")).hasMessageContaining("backticks");
        assertThatThrownBy(() -> TraefikRule.parse("PathRegexp(`[`)")).hasMessageContaining("PathRegexp");
    }
}
