package dev.menderharness.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mender's per-request access log, read from a service's logs as {@link dev.menderharness.cluster.RunningStack#logs}
 * returns them, to tell which service (and which replica) answered a request.
 *
 * <p>Every Mender service keeps an incoming {@value #REQUEST_ID_HEADER} verbatim and writes it into its
 * access-log entry as {@code request_id} (mender-server backend/pkg/requestid and pkg/accesslog): logrus text
 * ({@code time=... level=info ... method=GET path=/api/.../:id ... request_id=ID ... status=200}) or, with
 * {@code LOG_FORMAT=json}, one JSON object per line. A check that sends its own unique id per request and
 * finds it in a log knows who answered, on real images and stand-ins alike; nothing a stand-in alone
 * does is read.
 *
 * <p>The replica that wrote a line comes from the provider's log format: Swarm's
 * {@code docker service logs} prefixes each line with {@code <stack>_<svc>.<slot>.<task id>@<node>    | },
 * the Kubernetes provider heads each pod's block with {@code ==> <pod>/<container> <==} (and
 * {@code ==> <pod>/<container> (previous) <==}). Lines without either carry an empty replica.
 */
public final class AccessLogs {

    /** The header Mender's requestid middleware takes verbatim and echoes. */
    public static final String REQUEST_ID_HEADER = "X-MEN-RequestID";

    /** One access-log line: who wrote it and what it says. {@code status} is -1 when the line has none. */
    public record Entry(String replica, String requestId, String method, String path, int status, String line) {

        /** An auth subrequest the gateway made before the route itself (useradm/deviceauth verify). */
        public boolean authVerify() {
            return path != null && (path.endsWith("/auth/verify") || path.endsWith("/tokens/verify"));
        }
    }

    private static final Pattern SWARM_PREFIX = Pattern.compile("^(\\S+\\.\\d+\\.[0-9a-z]+)@\\S+\\s*\\|\\s?(.*)$");
    private static final Pattern POD_HEADER = Pattern.compile("^==> ([^/\\s]+)/(\\S+)( \\(previous\\))? <==$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessLogs() {
    }

    /** A fresh request id for one request of a check: {@code harness-<purpose>-<uuid>}, safe unquoted in logrus text. */
    public static String newRequestId(String purpose) {
        return "harness-" + purpose.replaceAll("[^A-Za-z0-9-]", "-") + "-" + UUID.randomUUID();
    }

    /** Every line of {@code logs} that carries a request id, with the replica that wrote it. */
    public static List<Entry> parse(String logs) {
        return parse("", logs);
    }

    /**
     * Every line of each replica's log that carries a request id ({@link
     * dev.menderharness.cluster.RunningStack#replicaLogs}), the replica named by its key unless a
     * prefix or header in the text names another.
     */
    public static List<Entry> parse(Map<String, String> perReplica) {
        List<Entry> out = new ArrayList<>();
        perReplica.forEach((replica, text) -> out.addAll(parse(replica, text)));
        return out;
    }

    private static List<Entry> parse(String replicaName, String logs) {
        List<Entry> out = new ArrayList<>();
        if (logs == null || logs.isEmpty()) {
            return out;
        }
        String pod = replicaName;
        for (String raw : logs.split("\\R")) {
            Matcher header = POD_HEADER.matcher(raw.strip());
            if (header.matches()) {
                pod = header.group(1);
                continue;
            }
            String replica = pod;
            String line = raw;
            Matcher swarm = SWARM_PREFIX.matcher(raw);
            if (swarm.matches()) {
                replica = swarm.group(1);
                line = swarm.group(2);
            }
            entry(replica, line.strip()).ifPresent(out::add);
        }
        return out;
    }

    /** The entries of {@code logs} by request id, in log order. */
    public static Map<String, List<Entry>> byRequest(String logs) {
        return byRequest(parse(logs));
    }

    /** The entries of each replica's log by request id. */
    public static Map<String, List<Entry>> byRequest(Map<String, String> perReplica) {
        return byRequest(parse(perReplica));
    }

    private static Map<String, List<Entry>> byRequest(List<Entry> entries) {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (Entry e : entries) {
            out.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    static Optional<Entry> entry(String replica, String line) {
        if (line.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(line);
                String id = n.path("request_id").asText("");
                if (id.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(replica, id, n.path("method").asText(""), n.path("path").asText(""),
                        n.path("status").asInt(-1), line));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        String id = field(line, "request_id");
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        String status = field(line, "status");
        int code;
        try {
            code = status == null ? -1 : Integer.parseInt(status);
        } catch (NumberFormatException e) {
            code = -1;
        }
        String method = field(line, "method");
        String path = field(line, "path");
        return Optional.of(new Entry(replica, id, method == null ? "" : method, path == null ? "" : path, code, line));
    }

    /**
     * The value of a logrus text field: {@code key=value} (bare) or {@code key="quoted \"value\""},
     * preceded by the start of the line or a space; null when absent.
     */
    static String field(String line, String key) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))").matcher(line);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(2);
    }
}
