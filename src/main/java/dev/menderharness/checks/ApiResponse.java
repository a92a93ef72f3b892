package dev.menderharness.checks;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP exchange as the checks report it: what was asked, what came back, how long it took, and
 * the {@code X-MEN-RequestID} the request carried (null when untagged), by which the answering
 * service's access log can be found ({@link AccessLogs}).
 */
public record ApiResponse(String method, URI uri, int status, String body, Optional<String> location,
                          Optional<String> contentType, Duration took, String requestId) {

    public ApiResponse(String method, URI uri, int status, String body, Optional<String> location,
                       Optional<String> contentType, Duration took) {
        this(method, uri, status, body, location, contentType, took, null);
    }

    /** One line for reports and failure messages (bodies are cut; a {@link CheckFailure} masks secrets). */
    public String summary() {
        String b = body == null ? "" : body.replaceAll("\\s+", " ");
        if (b.length() > 200) {
            b = b.substring(0, 200) + "...";
        }
        return method + " " + uri + " -> " + status + location.map(l -> " Location: " + l).orElse("")
                + " (" + took.toMillis() + " ms" + (requestId == null ? "" : ", request id " + requestId) + ")"
                + (b.isEmpty() ? "" : " body: " + b);
    }
}
