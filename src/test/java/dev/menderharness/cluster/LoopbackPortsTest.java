package dev.menderharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.testcontainers.shaded.com.github.dockerjava.core.command.CreateContainerCmdImpl;

/** What a k3s container is created with: every published port on 127.0.0.1, nothing on all interfaces. */
class LoopbackPortsTest {

    @Test
    void exposedAndBoundPortsAllGoToLoopbackAndPublishAllIsOff() {
        Ports given = new Ports();
        given.bind(ExposedPort.tcp(6443), Ports.Binding.bindPort(16443));
        CreateContainerCmdImpl cmd = new CreateContainerCmdImpl(c -> null, null, "rancher/k3s");
        cmd.withExposedPorts(ExposedPort.tcp(6443), ExposedPort.tcp(30080))
                .withHostConfig(new HostConfig().withPublishAllPorts(true).withPortBindings(given));

        LoopbackPorts.apply(cmd);

        HostConfig hc = cmd.getHostConfig();
        assertThat(hc.getPublishAllPorts()).isFalse();
        var bindings = hc.getPortBindings().getBindings();
        assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(6443), ExposedPort.tcp(30080));
        assertThat(bindings.values()).allSatisfy(bs -> assertThat(Arrays.stream(bs).map(Ports.Binding::getHostIp))
                .containsOnly("127.0.0.1"));
        assertThat(bindings.get(ExposedPort.tcp(6443))[0].getHostPortSpec()).isEqualTo("16443");
    }
}
