package dev.menderharness.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls host names (and ports) out of configuration values: URLs ({@code http://h:8080/},
 * {@code mongodb://u:p@h1:27017,h2/db}, {@code nats://h:4222}), {@code host:port}, and bare host names
 * for keys that name an address ({@code DEVICEAUTH_MONGO=mongo-device-auth}). Loopback names, IP
 * literals and unexpanded templates are not names a cluster DNS answers, so they are left out.
 */
public final class AddressExtractor {

    /** A host and its port (-1 when none given). */
    public record HostPort(String host, int port) {
    }

    private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:[^@/]*@)?([^/?#]*)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
    private static final Pattern ADDRESS_KEY = Pattern.compile(".*(_URI|_URL|_ADDR|_ADDRESS|_MONGO|_HOST|_ENDPOINT)$");

    private AddressExtractor() {
    }

    /** True when an env key names an address (so even a bare host name in its value is one). */
    public static boolean isAddressKey(String key) {
        return ADDRESS_KEY.matcher(key.toUpperCase(Locale.ROOT)).matches();
    }

    /** Hosts in {@code value} of env key {@code key}; empty when the value holds no cluster name. */
    public static List<HostPort> fromEnv(String key, String value) {
        if (value == null || value.isBlank() || value.contains("${") || value.contains("$(")) {
            return List.of();
        }
        String v = value.trim();
        Matcher url = URL.matcher(v);
        if (url.find()) {
            return hostList(url.group(2), defaultPort(url.group(1)));
        }
        if (!isAddressKey(key) || v.contains(" ") || v.contains("/")) {
            return List.of();
        }
        return hostList(v, -1);
    }

    /** Parses {@code h1:1,h2,h3:3} (the authority part of a URL, or a bare host[:port] list). */
    static List<HostPort> hostList(String authority, int defaultPort) {
        List<HostPort> out = new ArrayList<>();
        for (String part : authority.split(",")) {
            part = part.trim();
            if (part.isEmpty() || part.startsWith("[")) {
                continue; // IPv6 literal
            }
            String host = part;
            int port = defaultPort;
            int colon = part.lastIndexOf(':');
            if (colon >= 0) {
                host = part.substring(0, colon);
                try {
                    port = Integer.parseInt(part.substring(colon + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            if (isClusterName(host)) {
                out.add(new HostPort(host.toLowerCase(Locale.ROOT), port));
            }
        }
        return out;
    }

    /** A DNS name a cluster resolver should answer: not loopback, not an IP literal, not a template. */
    public static boolean isClusterName(String host) {
        if (host == null || host.isEmpty() || !HOST.matcher(host).matches()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("0.0.0.0")) {
            return false;
        }
        return !h.matches("[0-9.]+");
    }

    private static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "mongodb" -> 27017;
            case "nats" -> 4222;
            default -> -1;
        };
    }
}
