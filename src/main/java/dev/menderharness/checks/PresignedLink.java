package dev.menderharness.checks;

import java.net.URI;
import java.util.Locale;

/**
 * An S3 SigV4 presigned URL as deployments hands it out ({@code .../artifacts/<id>/download}):
 * what the storage checks read from it and the tampered copy they expect to be refused.
 */
public record PresignedLink(URI uri) {

    private static final String SIGNATURE = "X-Amz-Signature=";

    public static PresignedLink parse(String uri) {
        URI u = URI.create(uri);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new CheckFailure("LINK_NOT_ABSOLUTE", "download link is not an absolute URL: " + uri);
        }
        return new PresignedLink(u);
    }

    /** scheme://host[:port] of the link, the part that must equal the configured external URI. */
    public String base() {
        return base(uri);
    }

    public static String base(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean defaultPort = port < 0 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** The Host header a client sends for this link, which is the host SigV4 signed. */
    public String hostHeader() {
        String b = base();
        return b.substring(b.indexOf("://") + 3);
    }

    public boolean signed() {
        return signature() != null;
    }

    public String signature() {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            if (part.startsWith(SIGNATURE)) {
                return part.substring(SIGNATURE.length());
            }
        }
        return null;
    }

    /**
     * The same link with one hex digit of the signature changed: everything else (host, path, expiry,
     * credential) stays valid, so a refusal proves the signature itself is checked.
     */
    public PresignedLink tampered() {
        String sig = signature();
        if (sig == null || sig.isEmpty()) {
            throw new CheckFailure("LINK_NOT_SIGNED", "download link carries no X-Amz-Signature: " + uri);
        }
        char last = sig.charAt(sig.length() - 1);
        char flipped = last == '0' ? '1' : '0';
        String tamperedSig = sig.substring(0, sig.length() - 1) + flipped;
        String s = uri.toString().replace(SIGNATURE + sig, SIGNATURE + tamperedSig);
        return new PresignedLink(URI.create(s));
    }

    /** Path plus query, exactly as signed (raw, not re-encoded). */
    public String pathAndQuery() {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
