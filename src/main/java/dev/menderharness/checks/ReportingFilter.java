package dev.menderharness.checks;

import dev.menderharness.support.Exceptions;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Stopwatch;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.MultiPartSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Attaches each REST Assured call to the report, one attachment per call: method and URL, request
 * headers and body, status line, response headers and body (bodies cut to
 * {@link MenderApiClient#BODY_IN_REPORT} characters, binary ones described by size). Authorization
 * values and JWT bodies are replaced before anything is written; the whole text then goes through
 * {@link SecretMasker} (known secrets, signatures). A call that got no answer is attached too, with
 * what went wrong.
 */
final class ReportingFilter implements Filter {

    private final Reporter reporter;

    ReportingFilter(Reporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec, FilterContext ctx) {
        StringBuilder text = new StringBuilder();
        text.append(request.getMethod()).append(' ').append(request.getURI()).append('\n');
        boolean bodyless = request.getMultiPartParams().isEmpty() && isEmpty(request.getBody());
        for (Header h : request.getHeaders()) {
            // REST Assured lists its default form content type for a body-less POST even when the
            // request says noContentType() (as MenderApiClient's do) and none is sent
            if (!(bodyless && h.getName().equalsIgnoreCase("Content-Type"))) {
                text.append(h.getName()).append(": ").append(headerValue(h)).append('\n');
            }
        }
        requestBody(text, request);
        Stopwatch watch = Stopwatch.start();
        String title = "HTTP " + request.getMethod() + " " + pathOf(request.getURI());
        try {
            Response r = ctx.next(request, responseSpec);
            text.append("\n").append(r.getStatusLine()).append(String.format(" (%d ms)%n", watch.elapsed().toMillis()));
            headers(text, r.getHeaders());
            byte[] body = r.asByteArray();
            if (body.length > 0) {
                text.append('\n').append(describe(body, r.getContentType()));
            }
            reporter.attach(title + " -> " + r.getStatusCode(), SecretMasker.mask(text.toString()));
            return r;
        } catch (Exception e) { // REST Assured passes the HTTP client's checked exceptions on unwrapped
            text.append("\nno answer after ").append(watch.elapsed().toMillis()).append(" ms: ").append(e);
            reporter.attach(title + " -> no answer", SecretMasker.mask(text.toString()));
            throw Exceptions.sneaky(e);
        }
    }

    private static void headers(StringBuilder text, Headers headers) {
        for (Header h : headers) {
            text.append(h.getName()).append(": ").append(headerValue(h)).append('\n');
        }
    }

    private static boolean isEmpty(Object body) {
        return body == null || (body instanceof byte[] b && b.length == 0) || (body instanceof String t && t.isEmpty());
    }

    /** Authorization values keep only their scheme. */
    static String headerValue(Header h) {
        if (h.getName().equalsIgnoreCase("Authorization") || h.getName().equalsIgnoreCase("Proxy-Authorization")) {
            String v = h.getValue().strip();
            int space = v.indexOf(' ');
            return (space > 0 ? v.substring(0, space) + " " : "") + "****";
        }
        return h.getValue();
    }

    private static void requestBody(StringBuilder text, FilterableRequestSpecification request) {
        if (!request.getMultiPartParams().isEmpty()) {
            text.append('\n');
            for (MultiPartSpecification p : request.getMultiPartParams()) {
                Object content = p.getContent();
                text.append("part ").append(p.getControlName());
                if (p.hasFileName()) {
                    int size = content instanceof byte[] b ? b.length : -1;
                    text.append(" (file ").append(p.getFileName()).append(", ").append(size).append(" bytes, ")
                            .append(p.getMimeType()).append(")\n");
                } else {
                    text.append(": ").append(cut(String.valueOf(content))).append('\n');
                }
            }
            return;
        }
        Object body = request.getBody();
        if (body instanceof byte[] b && b.length > 0) {
            text.append('\n').append(describe(b, request.getContentType())).append('\n');
        } else if (body instanceof String s && !s.isEmpty()) {
            text.append('\n').append(describe(s.getBytes(StandardCharsets.UTF_8), request.getContentType())).append('\n');
        }
    }

    /** A body as text (cut), a JWT body as a placeholder, anything else by its size. */
    static String describe(byte[] body, String contentType) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean text = ct.isEmpty() || ct.startsWith("text/") || ct.contains("json") || ct.contains("xml")
                || ct.contains("x-www-form-urlencoded") || ct.contains("jwt");
        if (!text) {
            return "(" + body.length + " bytes, " + contentType + ")";
        }
        String s = new String(body, StandardCharsets.UTF_8);
        if (MenderApiClient.looksLikeJwt(s)) {
            return "**** (a JWT, " + s.strip().length() + " characters)";
        }
        return cut(s);
    }

    private static String cut(String s) {
        int max = MenderApiClient.BODY_IN_REPORT;
        return s.length() <= max ? s : s.substring(0, max) + "... (" + (s.length() - max) + " more characters)";
    }

    private static String pathOf(String uri) {
        int scheme = uri.indexOf("://");
        int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 3);
        String p = slash < 0 ? "/" : uri.substring(slash);
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }
}
