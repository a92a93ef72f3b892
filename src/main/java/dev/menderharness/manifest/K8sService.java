package dev.menderharness.manifest;

import java.util.List;
import java.util.Map;

/** A Kubernetes Service: its selector and ports (targetPort as written: number or name). */
public record K8sService(K8sObject object, Map<String, String> selector, List<ServicePort> ports, boolean headless) {

    public record ServicePort(String name, int port, String targetPort, SourceRef source) {
        /** targetPort defaults to port. */
        public String effectiveTarget() { return targetPort == null ? String.valueOf(port) : targetPort; }
    }

    public String name() { return object.name(); }

    public boolean selects(Map<String, String> podLabels) {
        return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
    }
}
