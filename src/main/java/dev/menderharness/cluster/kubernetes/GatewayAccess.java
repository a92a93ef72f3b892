package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.GatewayEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * How the host reaches the gateway of a stack: a NodePort published by the k3s container, or a
 * port-forward through the API server (existing clusters). The HTTPS URL must be known before the
 * deploy, because the gateway gets it as MENDER_EXTERNAL_URL for its redirects.
 */
interface GatewayAccess extends AutoCloseable {

    /** The URL the host will use for HTTPS, fixed before deploying. */
    String plannedHttpsUrl();

    /**
     * Opens (or re-opens after a gateway restart) access to the gateway Service {@code serviceName}
     * in {@code namespace}; returns the loopback URLs.
     */
    GatewayEndpoints open(KubernetesClient client, String namespace, String serviceName);

    @Override
    void close();
}
