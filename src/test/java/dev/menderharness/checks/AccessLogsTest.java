package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mender access-log lines as the providers return them (logrus text and JSON; Swarm prefixes, Kubernetes headers). */
class AccessLogsTest {

    static final String LINE = "time=\"2026-08-01T10:00:00Z\" level=warning byteswritten=62 caller=\"accesslog.AccessLogger.LogFunc@middleware_gin.go:136\" "
            + "contentlength=0 error=\"not found\" method=GET path= path_params= qs= request_id=harness-get-1 responsetime=\"88µs\" "
            + "status=404 ts=\"2026-08-01T10:00:00.123Z\" type=HTTP/1.1 useragent=\"Apache-HttpClient/4.5.14 (Java/17)\"";

    @Test
    void readsTheFieldsOfALogrusTextLine() {
        List<AccessLogs.Entry> e = AccessLogs.parse(LINE);
        assertThat(e).hasSize(1);
        assertThat(e.get(0).requestId()).isEqualTo("harness-get-1");
        assertThat(e.get(0).method()).isEqualTo("GET");
        assertThat(e.get(0).path()).isEmpty(); // no route matched: gin's FullPath is ""
        assertThat(e.get(0).status()).isEqualTo(404);
        assertThat(e.get(0).replica()).isEmpty();
        assertThat(AccessLogs.field(LINE, "useragent")).isEqualTo("Apache-HttpClient/4.5.14 (Java/17)");
        assertThat(AccessLogs.field(LINE, "error")).isEqualTo("not found");
        assertThat(AccessLogs.field("a=\"x \\\"y\\\"\" b=1", "a")).isEqualTo("x \"y\"");
        assertThat(AccessLogs.field("xrequest_id=1", "request_id")).isNull();
    }

    @Test
    void knowsTheGatewaysAuthSubrequests() {
        String verify = LINE.replace("path= ", "path=/api/internal/v1/useradm/auth/verify ");
        assertThat(AccessLogs.parse(verify).get(0).authVerify()).isTrue();
        assertThat(AccessLogs.parse(LINE.replace("path= ", "path=/api/internal/v1/devauth/tokens/verify ")).get(0).authVerify()).isTrue();
        assertThat(AccessLogs.parse(LINE.replace("path= ", "path=/api/management/v1/useradm/users ")).get(0).authVerify()).isFalse();
    }

    @Test
    void linesWithoutARequestIdAreNotEntries() {
        assertThat(AccessLogs.parse("time=\"2026-08-01T10:00:00Z\" level=info msg=\"Deployments Service starting up\"\n"
                + "2026-08-01T10:00:00Z level=info component=inventory msg=\"GET /api/0.1.0/devices 200\"\n{\"level\":\"info\",\"msg\":\"x\"}"))
                .isEmpty();
    }

    @Test
    void groupsByRequestWithTheReplicaThatWroteIt() {
        String logs = "mender_mender-useradm.1.aaaa@node-1    | " + LINE + "\n"
                + "==> mender-useradm-5c-xyz/useradm <==\n" + LINE.replace("harness-get-1", "harness-get-2");
        var by = AccessLogs.byRequest(logs);
        assertThat(by.get("harness-get-1")).extracting(AccessLogs.Entry::replica).containsExactly("mender_mender-useradm.1.aaaa");
        assertThat(by.get("harness-get-2")).extracting(AccessLogs.Entry::replica).containsExactly("mender-useradm-5c-xyz");
    }

    @Test
    void newRequestIdsAreUniqueAndSafeUnquoted() {
        String a = AccessLogs.newRequestId("spread");
        assertThat(a).startsWith("harness-spread-").matches("[A-Za-z0-9-]+").isNotEqualTo(AccessLogs.newRequestId("spread"));
        assertThat(AccessLogs.parse(LINE.replace("harness-get-1", a)).get(0).requestId()).isEqualTo(a);
    }
}
