package dev.menderharness.checks;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the addresses straight from the deployed topology: every env value that names a host, the
 * contract's code default for each address key a Mender service leaves unset, and the upstreams of
 * the gateway's nginx configuration (found next to the manifests: {@code gateway/*.conf*}).
 *
 * <p>Keys whose value is meant for clients outside the cluster ({@code *_EXTERNAL_URI},
 * {@code STORAGE_PROXY_URI}) are only checked when the manifests declare that name themselves (an alias
 * such as {@code s3.docker.mender.io}): a public domain of the user's is not the cluster DNS's business.
 */
public final class ManifestAddressSource implements AddressSource {

    /** Values handed to clients outside the stack, or used only to build URLs, never resolved in it. */
    private static final Set<String> NEVER_RESOLVED_IN_STACK = Set.of(
            "MENDER_EXTERNAL_URL", "DEPLOYMENTS_PRESIGN_URL_HOSTNAME", "NGINX_LOCAL_RESOLVERS", "MENDER_UPSTREAM_DOMAIN");

    @Override
    public List<ServiceAddress> addresses(Topology topology) {
        List<ServiceAddress> out = new ArrayList<>();
        Set<String> declared = declaredNames(topology);
        for (ServiceSpec s : topology.services().values()) {
            for (Map.Entry<String, String> e : s.env().entrySet()) {
                String key = e.getKey();
                if (NEVER_RESOLVED_IN_STACK.contains(key)) {
                    continue;
                }
                for (AddressExtractor.HostPort hp : AddressExtractor.fromEnv(key, e.getValue())) {
                    if (isExternalKey(key) && !declared.contains(hp.host())) {
                        continue;
                    }
                    out.add(new ServiceAddress(s.name(), hp.host(), hp.port(), "env " + key, s.source()));
                }
            }
            componentOf(s).ifPresent(c -> ContractDefaults.addressDefaults(c).forEach((key, value) -> {
                if (!s.env().containsKey(key)) {
                    for (AddressExtractor.HostPort hp : AddressExtractor.fromEnv(key, value)) {
                        out.add(new ServiceAddress(s.name(), hp.host(), hp.port(), "code default " + key + "=" + value, s.source()));
                    }
                }
            }));
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

    static boolean isExternalKey(String key) {
        return key.endsWith("_EXTERNAL_URI") || key.endsWith("_EXTERNAL_URL") || key.endsWith("STORAGE_PROXY_URI");
    }

    /** Service names and aliases the manifests declare. */
    static Set<String> declaredNames(Topology topology) {
        Set<String> names = new java.util.HashSet<>();
        for (ServiceSpec s : topology.services().values()) {
            names.add(s.name());
            names.addAll(s.aliases());
        }
        return names;
    }

    static Optional<MenderComponent> componentOf(ServiceSpec s) {
        return Arrays.stream(MenderComponent.values()).filter(c -> c.matchesImage(s.image())).findFirst();
    }

    /** nginx configuration files of the manifests: {@code gateway/} next to or above the topology root. */
    static List<Path> gatewayConfigs(Topology topology) {
        List<Path> found = new ArrayList<>();
        Path root = topology.root().toAbsolutePath();
        for (Path dir : new Path[] {root, root.getParent(), root.getParent() == null ? null : root.getParent().getParent()}) {
            if (dir == null || !Files.isDirectory(dir.resolve("gateway"))) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir.resolve("gateway"))) {
                files.filter(p -> p.getFileName().toString().matches(".*\\.conf(\\.template)?$"))
                        .sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!found.isEmpty()) {
                break;
            }
        }
        return found;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": " + e.getMessage(), e);
        }
    }

    private static int lineOf(String text, String needle) {
        int idx = text.indexOf(needle);
        return idx < 0 ? 0 : (int) text.substring(0, idx).chars().filter(ch -> ch == '\n').count() + 1;
    }
}
