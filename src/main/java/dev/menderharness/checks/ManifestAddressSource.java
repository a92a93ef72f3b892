package dev.menderharness.checks;

import dev.menderharness.manifest.AddressUse;
import dev.menderharness.manifest.Addresses;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the addresses straight from the deployed topology: env values and the contract's code
 * defaults for address keys a Mender service leaves unset (the validator's
 * {@link dev.menderharness.manifest.Addresses}, so the static and the live check agree on what an
 * address is), plus the upstreams of the gateway's nginx configuration ({@code *.conf},
 * {@code *.conf.template} under the manifests directory, as {@code Manifests.load} finds them),
 * including the {@code map} tables lazy {@code proxy_pass http://$var} routes use.
 */
public final class ManifestAddressSource implements AddressSource {

    /** Values handed to clients outside the stack, or used only to build URLs, never resolved in it. */
    private static final Set<String> NEVER_RESOLVED_IN_STACK = Set.of(
            "MENDER_EXTERNAL_URL", "DEPLOYMENTS_PRESIGN_URL_HOSTNAME");

    @Override
    public List<ServiceAddress> addresses(Topology topology) {
        List<ServiceAddress> out = new ArrayList<>();
        for (ServiceSpec s : topology.services().values()) {
            for (AddressUse use : Addresses.of(s)) {
                if (NEVER_RESOLVED_IN_STACK.contains(use.envKey())) {
                    continue;
                }
                String origin = use.codeDefault() ? "code default " + use.envKey() + "=" + use.value() : "env " + use.envKey();
                out.add(new ServiceAddress(s.name(), use.host(), use.port(), origin, use.source()));
            }
        }
        topology.serviceOf(MenderComponent.GATEWAY).ifPresent(gw -> {
            for (Path conf : gatewayConfigs(topology)) {
                String text = read(conf);
                for (AddressExtractor.HostPort hp : NginxUpstreams.parse(text, gw.env())) {
                    out.add(new ServiceAddress(gw.name(), hp.host(), hp.port(), "gateway upstream",
                            new SourceRef(conf, lineOf(text, hp.host()))));
                }
            }
        });
        return out;
    }

    /** nginx configuration files under the manifests directory (or its parent, for a form's own root). */
    static List<Path> gatewayConfigs(Topology topology) {
        Path root = topology.root().toAbsolutePath().normalize();
        for (Path dir : new Path[] {root, root.getParent()}) {
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                List<Path> found = files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().matches(".*\\.(conf|conf\\.template|nginx)$"))
                        .sorted().toList();
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.of();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": " + e.getMessage(), e);
        }
    }

    /** 1-based line of the first non-comment line naming {@code needle}, 0 when none does. */
    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.startsWith("#") && l.contains(needle)) {
                return i + 1;
            }
        }
        return 0;
    }
}
