package dev.menderharness.cluster;

import java.net.URI;

/**
 * Where the host (the test JVM) reaches the stack's gateway: loopback URLs on the ports the
 * provider published. {@code https} uses the gateway's throwaway self-signed certificate.
 */
public record GatewayEndpoints(URI http, URI https) {
}
