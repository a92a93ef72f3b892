package dev.menderharness.cluster.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;

/** Which ports of the gateway Service carry HTTP and HTTPS: by port name, else by 80/443. */
record GatewayPorts(ServicePort http, ServicePort https) {

    static GatewayPorts of(Service gateway) {
        List<ServicePort> ports = gateway.getSpec().getPorts();
        ServicePort http = null;
        ServicePort https = null;
        for (ServicePort p : ports) {
            String n = p.getName() == null ? "" : p.getName();
            if (https == null && (n.contains("https") || p.getPort() == 443 || p.getPort() == 8443)) https = p;
            else if (http == null && (n.contains("http") || p.getPort() == 80 || p.getPort() == 8080)) http = p;
        }
        if (http == null && https == null) {
            throw new IllegalStateException("gateway Service " + gateway.getMetadata().getName()
                    + " has no port named http/https nor port 80/443");
        }
        return new GatewayPorts(http, https);
    }
}
