package dev.menderharness.cluster;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.Map;

/**
 * Binds every published port of a container to 127.0.0.1 only. Testcontainers publishes exposed
 * ports on all host interfaces; a cluster this run makes (the k3s API server, its gateway
 * NodePorts) must be reachable from this machine only. Used as a create-command modifier.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    public static void apply(CreateContainerCmd cmd) {
        HostConfig hc = cmd.getHostConfig() == null ? new HostConfig() : cmd.getHostConfig();
        Map<ExposedPort, Ports.Binding[]> given = hc.getPortBindings() == null ? Map.of() : hc.getPortBindings().getBindings();
        Ports loopback = new Ports();
        java.util.Set<ExposedPort> ports = new java.util.LinkedHashSet<>(given.keySet());
        if (cmd.getExposedPorts() != null) ports.addAll(java.util.List.of(cmd.getExposedPorts()));
        for (ExposedPort p : ports) {
            Ports.Binding[] bindings = given.get(p);
            if (bindings == null || bindings.length == 0) {
                loopback.bind(p, Ports.Binding.bindIp("127.0.0.1")); // a random host port, as publish-all gives
                continue;
            }
            for (Ports.Binding b : bindings) {
                String spec = b.getHostPortSpec();
                loopback.bind(p, spec == null || spec.isEmpty() ? Ports.Binding.bindIp("127.0.0.1")
                        : Ports.Binding.bindIpAndPort("127.0.0.1", Integer.parseInt(spec)));
            }
        }
        // publish-all would add 0.0.0.0 bindings for every exposed port again
        cmd.withHostConfig(hc.withPublishAllPorts(false).withPortBindings(loopback));
    }
}
