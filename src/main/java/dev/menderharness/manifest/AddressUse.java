package dev.menderharness.manifest;


/**
 * One address a service uses: from an env value written in the manifests, or the code default of a
 * key the service leaves unset.
 *
 * @param envKey      the env key (or "proxy_pass" for gateway upstreams)
 * @param value       the full value (URL, host:port or host)
 * @param scheme      URL scheme, or null for host[:port]
 * @param port        explicit or scheme-default port, -1 when unknown
 * @param codeDefault true when the manifests leave the key unset and the code default applies
 */
public record AddressUse(String envKey, String value, String scheme, String host, int port, boolean codeDefault, SourceRef source) {
    /** host:port as a person would write it. */
    public String hostPort() {
        return port < 0 ? host : host + ":" + port;
    }
}
