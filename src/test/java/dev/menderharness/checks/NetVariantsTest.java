package dev.menderharness.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.checks.dns.NameTargets;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS/gateway broken variants still apply to the reference manifests (each edit matches exactly
 * once) and break what they claim to, seen statically; the live failures are in BrokenVariantsNetIT.
 */
class NetVariantsTest {

    private static final Path REFERENCE = Path.of("manifests");

    private static Path materialize(String name, Path tmp) {
        return ManifestVariant.load(Path.of("fixtures/broken", name)).materialize(REFERENCE, tmp.resolve(name));
    }

    @Test
    void fixedPortRedirect(@TempDir Path tmp) throws Exception {
        Path dir = materialize("gateway-redirect-fixed-port", tmp);
        String conf = Files.readString(dir.resolve("gateway/default.conf.template"), StandardCharsets.UTF_8);
        assertThat(conf).contains("return 301 https://$host:443$request_uri;", "return 308 https://$host:443$request_uri;")
                .doesNotContain("return 301 $redirect_base$request_uri;");
        assertThat(Manifests.load(dir).gatewayConfig()).isPresent();
    }

    @Test
    void upstreamResolvedAtStartup(@TempDir Path tmp) throws Exception {
        Path dir = materialize("gateway-upstreams-resolved-at-startup", tmp);
        String conf = Files.readString(dir.resolve("gateway/default.conf.template"), StandardCharsets.UTF_8);
        assertThat(conf).contains("proxy_pass http://mender-inventory${MENDER_UPSTREAM_DOMAIN}:8080;");
        Topology swarm = Manifests.load(dir).swarmTopology().orElseThrow();
        assertThat(new ManifestAddressSource().addresses(swarm))
                .anyMatch(a -> a.consumer().equals("mender-api-gateway") && a.host().equals("mender-inventory"));
    }

    @Test
    void aliasRemovedLeavesTheEnvPointingNowhere(@TempDir Path tmp) {
        Topology reference = Manifests.load(REFERENCE).swarmTopology().orElseThrow();
        Topology broken = Manifests.load(materialize("swarm-s3-alias-removed", tmp)).swarmTopology().orElseThrow();
        assertThat(NameTargets.target(reference, "s3.docker.mender.io")).isPresent();
        assertThat(NameTargets.target(broken, "s3.docker.mender.io")).isEmpty();
        assertThat(new ManifestAddressSource().addresses(broken))
                .anyMatch(a -> a.host().equals("s3.docker.mender.io") && a.origin().equals("env DEPLOYMENTS_AWS_EXTERNAL_URI"));
    }
}
