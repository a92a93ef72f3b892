package dev.menderharness.cluster.swarm;

import dev.menderharness.contract.MenderComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The deploy-time settings applied to a copy of the stack file, each recorded as one line for the
 * log and the report: image policy, {@code MENDER_EXTERNAL_URL} on the gateway, attachable
 * networks (probes join them), and on hosts without IPVS: dnsrr everywhere, the gateway's ports in
 * host mode and the gateway pinned to the manager (host-mode ports exist only on the task's node).
 */
public final class StackAdaptations {

    /** What the deployer knows at deploy time. */
    public record Settings(UnaryOperator<String> imagePolicy, boolean ipvs, String externalHttpsUrl,
                           String stackName, java.nio.file.Path stackDir) {
    }

    private final List<String> applied = new ArrayList<>();

    /** Adapts {@code stack} in place; returns the lines describing what changed. */
    public List<String> apply(StackFile stack, Settings settings) {
        String gateway = gatewayService(stack).orElseThrow(() -> new IllegalArgumentException(stack.source()
                + ": no gateway service (a service running the nginx image) to publish"));
        for (var e : stack.services().entrySet()) {
            String name = e.getKey();
            Map<String, Object> svc = e.getValue();
            Object image = svc.get("image");
            if (image != null) {
                String resolved = settings.imagePolicy().apply(image.toString());
                if (!resolved.equals(image.toString())) {
                    svc.put("image", resolved);
                    applied.add("image policy: " + name + " " + image + " -> " + resolved);
                }
            }
            if (!settings.ipvs()) {
                Map<String, Object> deploy = StackFile.child(svc, "deploy");
                if (!"dnsrr".equals(deploy.get("endpoint_mode"))) {
                    deploy.put("endpoint_mode", "dnsrr");
                    applied.add("no IPVS: " + name + " endpoint_mode dnsrr");
                }
                if (svc.get("ports") != null && hostModePorts(svc)) {
                    applied.add("no IPVS: " + name + " ports published in mode host");
                }
            }
        }
        requirePublished(stack, gateway, 443);
        if (!settings.ipvs()) {
            Map<String, Object> deploy = StackFile.child(stack.services().get(gateway), "deploy");
            List<Object> constraints = StackFile.list(StackFile.child(deploy, "placement"), "constraints");
            if (!constraints.contains("node.role == manager")) {
                constraints.add("node.role == manager");
                applied.add("no IPVS: " + gateway + " pinned to the manager (its host-mode ports are the ones the host reaches)");
            }
        }
        setEnv(stack.services().get(gateway), "MENDER_EXTERNAL_URL", settings.externalHttpsUrl());
        applied.add("gateway: " + gateway + " MENDER_EXTERNAL_URL=" + settings.externalHttpsUrl());
        makeNetworksAttachable(stack);
        nameFileObjectsByContent(stack, settings);
        return List.copyOf(applied);
    }

    /**
     * On a swarm the run does not own (DOCKER_HOST), external secrets get per-stack names
     * ({@code <stack>_<key>}), so a run never reuses nor collides with a user's secrets of the same
     * name; the material for each is still chosen by its key. Returns what it renamed.
     */
    public static List<String> nameExternalSecretsPerStack(StackFile stack, String stackName) {
        List<String> lines = new ArrayList<>();
        if (!(stack.root().get("secrets") instanceof Map<?, ?>)) return lines;
        Map<String, Object> secrets = StackFile.child(stack.root(), "secrets");
        for (String key : secrets.keySet()) {
            if (!(secrets.get(key) instanceof Map<?, ?>)) continue;
            Map<String, Object> secret = StackFile.child(secrets, key);
            if (!Boolean.TRUE.equals(secret.get("external")) || secret.get("name") != null) continue;
            secret.put("name", stackName + "_" + key);
            lines.add("shared swarm: external secret " + key + " created as " + stackName + "_" + key);
        }
        return lines;
    }

    /**
     * On a shared swarm the gateway is published on ports the run chose ({@code published} port as
     * written to the one used), so it neither collides with the user's stacks nor sits on a
     * standard port, where a redirect to a hard-coded port would look correct. Returns the changes.
     */
    @SuppressWarnings("unchecked")
    public static List<String> republishGateway(StackFile stack, String gatewayService, Map<Integer, Integer> ports) {
        List<String> lines = new ArrayList<>();
        // by name: after the image policy the gateway's image may no longer be recognisable
        Optional<String> gateway = Optional.ofNullable(gatewayService).filter(stack.services()::containsKey);
        if (ports.isEmpty() || gateway.isEmpty() || !(stack.services().get(gateway.get()).get("ports") instanceof List<?> l)) {
            return lines;
        }
        List<Object> list = (List<Object>) l;
        for (int i = 0; i < list.size(); i++) {
            Object p = list.get(i);
            if (p instanceof Map<?, ?> m && m.get("published") != null) {
                Integer to = ports.get(Integer.parseInt(m.get("published").toString()));
                if (to == null) continue;
                ((Map<String, Object>) m).put("published", to);
                lines.add("shared swarm: " + gateway.get() + " port " + m.get("target") + " published on " + to);
            } else if (p instanceof String str && str.contains(":")) {
                String[] hostAndTarget = str.split(":", 2);
                Integer to = ports.get(Integer.parseInt(hostAndTarget[0].trim()));
                if (to == null) continue;
                list.set(i, to + ":" + hostAndTarget[1]);
                lines.add("shared swarm: " + gateway.get() + " port " + hostAndTarget[1] + " published on " + to);
            }
        }
        return lines;
    }

    /** The service running the gateway component (recognised by image, never by name). */
    public static Optional<String> gatewayService(StackFile stack) {
        return stack.services().entrySet().stream()
                .filter(e -> e.getValue().get("image") != null
                        && MenderComponent.GATEWAY.matchesImage(e.getValue().get("image").toString()))
                .map(Map.Entry::getKey).findFirst();
    }

    /** Rewrites every port of {@code svc} to the long syntax with {@code mode: host}; true if any changed. */
    @SuppressWarnings("unchecked")
    static boolean hostModePorts(Map<String, Object> svc) {
        List<Object> ports = (List<Object>) svc.get("ports");
        boolean changed = false;
        for (int i = 0; i < ports.size(); i++) {
            Map<String, Object> longForm = longPort(ports.get(i));
            if (!"host".equals(longForm.get("mode"))) {
                longForm.put("mode", "host");
                changed = true;
            }
            ports.set(i, longForm);
        }
        return changed;
    }

    /** {@code "8080:80/udp"}, {@code "80"}, or a long-syntax map, as a long-syntax map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> longPort(Object port) {
        if (port instanceof Map<?, ?> m) return (Map<String, Object>) m;
        String spec = port.toString();
        String protocol = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
        }
        String[] parts = spec.split(":");
        if (parts.length > 2) {
            throw new IllegalArgumentException("port '" + port + "': host-IP bindings are not supported by Swarm");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", Integer.parseInt(parts[parts.length - 1]));
        if (parts.length == 2) m.put("published", Integer.parseInt(parts[0]));
        m.put("protocol", protocol);
        return m;
    }

    /** Published ports of a service, short or long syntax. */
    @SuppressWarnings("unchecked")
    public static List<Integer> publishedPorts(Map<String, Object> svc) {
        List<Integer> out = new ArrayList<>();
        Object ports = svc.get("ports");
        if (ports instanceof List<?> l) {
            for (Object p : l) {
                Object published = longPort(p).get("published");
                if (published != null) out.add(Integer.parseInt(published.toString()));
            }
        }
        return out;
    }

    private static void requirePublished(StackFile stack, String gateway, int port) {
        List<Integer> published = publishedPorts(stack.services().get(gateway));
        if (!published.contains(port)) {
            throw new IllegalArgumentException(stack.source() + ": gateway service " + gateway + " publishes " + published
                    + " but the harness reaches it on published port " + port);
        }
    }

    /** Sets one environment variable, keeping the file's style (list of K=V or mapping). */
    @SuppressWarnings("unchecked")
    static void setEnv(Map<String, Object> svc, String key, String value) {
        Object env = svc.get("environment");
        if (env instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            list.removeIf(o -> o.toString().equals(key) || o.toString().startsWith(key + "="));
            list.add(key + "=" + value);
        } else {
            StackFile.child(svc, "environment").put(key, value);
        }
    }

    /**
     * Swarm configs and secrets are immutable: a redeploy that changes a {@code file:} config fails
     * ("only updates to Labels are allowed"). Naming each by its content hash makes a changed file
     * a new object the services switch to, so {@code apply(variant)} and the restore both work.
     */
    private void nameFileObjectsByContent(StackFile stack, Settings settings) {
        for (String kind : List.of("configs", "secrets")) {
            if (!(stack.root().get(kind) instanceof Map<?, ?>)) continue;
            Map<String, Object> objects = StackFile.child(stack.root(), kind);
            for (String key : objects.keySet()) {
                if (!(objects.get(key) instanceof Map<?, ?>)) continue;
                Map<String, Object> obj = StackFile.child(objects, key);
                if (obj.get("file") == null || obj.get("name") != null) continue;
                java.nio.file.Path file = settings.stackDir().resolve(obj.get("file").toString()).normalize();
                String name = settings.stackName() + "_" + key + "-" + sha256(file).substring(0, 10);
                obj.put("name", name);
                applied.add("object names: " + kind + " " + key + " named " + name + " (by its content, so a redeploy with a changed file works)");
            }
        }
    }

    private static String sha256(java.nio.file.Path file) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Probes attach to the stack's networks; Swarm allows that only on attachable overlays. */
    private void makeNetworksAttachable(StackFile stack) {
        Map<String, Object> networks = StackFile.child(stack.root(), "networks");
        if (networks.isEmpty()) networks.put("default", new LinkedHashMap<>());
        for (var e : networks.entrySet()) {
            Map<String, Object> net = e.getValue() instanceof Map<?, ?> ? StackFile.child(networks, e.getKey()) : null;
            if (net == null) {
                net = new LinkedHashMap<>();
                e.setValue(net);
            }
            if (Boolean.TRUE.equals(net.get("external"))) continue;
            if (!Boolean.TRUE.equals(net.get("attachable"))) {
                net.put("attachable", true);
                applied.add("probes: network " + e.getKey() + " made attachable (probe containers join it)");
            }
        }
    }
}
