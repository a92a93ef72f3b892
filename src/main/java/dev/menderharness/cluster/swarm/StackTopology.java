package dev.menderharness.cluster.swarm;

import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The neutral {@link Topology} of a Swarm stack file, read from the user's (unadapted) file so that
 * components are recognised by their manifest images, whatever the image policy maps them to.
 */
public final class StackTopology {

    private StackTopology() {
    }

    @SuppressWarnings("unchecked")
    public static Topology of(StackFile stack, Path manifestsRoot) {
        List<String> lines = lines(stack.source());
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        for (var e : stack.services().entrySet()) {
            Map<String, Object> svc = e.getValue();
            Map<String, String> env = new LinkedHashMap<>();
            Object environment = svc.get("environment");
            if (environment instanceof Map<?, ?> m) {
                m.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
            } else if (environment instanceof List<?> l) {
                for (Object o : l) {
                    String s = o.toString();
                    int eq = s.indexOf('=');
                    env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
                }
            }
            List<Integer> ports = new ArrayList<>();
            if (svc.get("ports") instanceof List<?> l) {
                for (Object p : l) ports.add(Integer.parseInt(StackAdaptations.longPort(p).get("target").toString()));
            }
            if (svc.get("expose") instanceof List<?> l) {
                for (Object p : l) ports.add(Integer.parseInt(p.toString().replaceFirst("/.*", "")));
            }
            Set<String> aliases = new LinkedHashSet<>();
            Set<String> networks = new LinkedHashSet<>();
            Object nets = svc.get("networks");
            if (nets instanceof List<?> l) {
                l.forEach(n -> networks.add(n.toString()));
            } else if (nets instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    networks.add(k.toString());
                    if (v instanceof Map<?, ?> nm && nm.get("aliases") instanceof List<?> al) {
                        al.forEach(a -> aliases.add(a.toString()));
                    }
                });
            } else {
                networks.add("default");
            }
            int replicas = 1;
            if (svc.get("deploy") instanceof Map<?, ?> d && d.get("replicas") != null) {
                replicas = Integer.parseInt(d.get("replicas").toString());
            }
            String image = svc.get("image") == null ? "" : svc.get("image").toString();
            List<String> command = new ArrayList<>();
            if (svc.get("command") instanceof List<?> l) l.forEach(c -> command.add(c.toString()));
            else if (svc.get("command") != null) command.addAll(List.of(svc.get("command").toString().trim().split("\\s+")));
            services.put(e.getKey(), new ServiceSpec(e.getKey(), e.getKey(), image, Map.copyOf(env), List.copyOf(ports),
                    Set.copyOf(aliases), Set.copyOf(networks), replicas,
                    new SourceRef(stack.source(), lineOf(lines, e.getKey())), List.copyOf(command), List.copyOf(ports), Set.of()));
        }
        return new Topology(Topology.Form.SWARM, manifestsRoot, Map.copyOf(services));
    }

    /** The service's command as one string ("" when it has none), e.g. to tell the workflows worker from the server. */
    public static String command(StackFile stack, String service) {
        Object c = stack.services().get(service).get("command");
        if (c instanceof List<?> l) return String.join(" ", l.stream().map(Object::toString).toList());
        return c == null ? "" : c.toString();
    }

    private static List<String> lines(Path file) {
        try {
            return file != null && Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** 1-based line of the service's key under {@code services:}, 0 when unknown. */
    private static int lineOf(List<String> lines, String service) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith(" ") && (l.trim().equals(service + ":") || l.trim().equals("\"" + service + "\":"))) return i + 1;
        }
        return 0;
    }
}
