package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads compose v3 stack files as {@code docker stack deploy -c a.yml -c b.yml} would combine them
 * (later files override services of the same name). Environment as list or map, ports in short and
 * long syntax, networks as list or map with aliases, healthchecks as string or list.
 */
public final class SwarmLoader {
    private SwarmLoader() {
    }

    /** True when the document looks like a compose/stack file (top-level services map, no kind). */
    public static boolean isStackDocument(YNode doc) {
        return doc.isMap() && doc.get("services").isMap() && !doc.get("kind").exists();
    }

    public static SwarmStack load(List<Path> stackFiles) {
        return load(stackFiles, Map.of(), new ArrayList<>());
    }

    /**
     * Loads the files as one Compose project ({@link ComposeProject}: interpolation from
     * {@code environment} and {@code .env}, include, extends, merged as {@code -f a -f b}).
     */
    public static SwarmStack load(List<Path> stackFiles, Map<String, String> environment, List<String> notes) {
        return load(stackFiles, environment, notes, false);
    }

    /** As {@link #load(List, Map, List)}; {@code composeProject}: the files are a Compose project (docker-compose.yml). */
    public static SwarmStack load(List<Path> stackFiles, Map<String, String> environment, List<String> notes, boolean composeProject) {
        ComposeProject.Loaded project = ComposeProject.load(stackFiles, environment, notes);
        YNode doc = project.root();
        Map<String, SwarmService> services = new LinkedHashMap<>();
        doc.get("services").entries().forEach((name, node) -> services.put(name, service(name, node)));
        return new SwarmStack(project.files(), services, doc.get("networks").entries(), doc.get("configs").entries(),
                doc.get("secrets").entries(), composeProject);
    }

    static SwarmService service(String name, YNode s) {
        List<String> command = new ArrayList<>();
        YNode cmd = s.get("command");
        if (cmd.isList()) cmd.list().forEach(n -> command.add(n.text("")));
        // A scalar command is split on whitespace (shell quoting is rare in stack files).
        else if (cmd.text() != null) command.addAll(List.of(cmd.text().trim().split("\\s+")));
        return new SwarmService(name, s, s.get("image").text(), List.copyOf(command), env(s.get("environment")),
                networks(s.get("networks")), ports(s), published(s), replicas(s), s.at("deploy", "mode").text("replicated"),
                healthchecks(s.get("healthcheck")));
    }

    private static List<EnvVar> env(YNode env) {
        List<EnvVar> out = new ArrayList<>();
        if (env.isMap()) {
            env.entries().forEach((k, v) -> out.add(new EnvVar(k, v.text(), v.text() == null ? "shell" : "inline", v.source())));
        } else {
            for (YNode e : env.list()) {
                String s = e.text("");
                int eq = s.indexOf('=');
                if (eq < 0) out.add(new EnvVar(s, null, "shell", e.source()));
                else out.add(new EnvVar(s.substring(0, eq), s.substring(eq + 1), "inline", e.source()));
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, Set<String>> networks(YNode nets) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (nets.isList()) {
            nets.list().forEach(n -> out.put(n.text(""), Set.of()));
        } else if (nets.isMap()) {
            nets.entries().forEach((n, v) -> {
                Set<String> aliases = new LinkedHashSet<>();
                v.get("aliases").list().forEach(a -> aliases.add(a.text("")));
                out.put(n, aliases);
            });
        } else {
            out.put("default", Set.of());
        }
        return out;
    }

    private static List<ContainerPort> ports(YNode s) {
        List<ContainerPort> out = new ArrayList<>();
        for (YNode p : s.get("ports").list()) {
            if (p.isMap()) {
                Integer t = p.get("target").intValue();
                if (t != null) out.add(new ContainerPort(null, t, p.source()));
            } else {
                Integer t = targetOfShortSyntax(p.text(""));
                if (t != null) out.add(new ContainerPort(null, t, p.source()));
            }
        }
        for (YNode e : s.get("expose").list()) {
            Integer t = targetOfShortSyntax(e.text(""));
            if (t != null) out.add(new ContainerPort(null, t, e.source()));
        }
        return List.copyOf(out);
    }

    private static List<Integer> published(YNode s) {
        List<Integer> out = new ArrayList<>();
        for (YNode p : s.get("ports").list()) {
            if (p.isMap()) {
                Integer pub = p.get("published").intValue();
                if (pub != null) out.add(pub);
            } else {
                String[] parts = p.text("").replaceAll("/\\w+$", "").split(":");
                if (parts.length >= 2) {
                    try {
                        out.add(Integer.parseInt(parts[parts.length - 2]));
                    } catch (NumberFormatException ignored) {
                        // a range such as 8000-8010: not a single published port
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** "8080", "80:8080", "127.0.0.1:80:8080/tcp" -> 8080 (ranges give null). */
    static Integer targetOfShortSyntax(String spec) {
        String s = spec.replaceAll("/\\w+$", "");
        String last = s.substring(s.lastIndexOf(':') + 1);
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int replicas(YNode s) {
        Integer r = s.at("deploy", "replicas").intValue();
        return r == null ? 1 : r;
    }

    private static List<Probe> healthchecks(YNode hc) {
        YNode test = hc.get("test");
        if (!test.exists()) return List.of();
        String cmd = test.isList() ? String.join(" ", test.list().stream().map(n -> n.text("")).toList()) : test.text("");
        List<Probe> out = new ArrayList<>();
        for (String path : UrlPaths.in(cmd)) out.add(new Probe("healthcheck", path, null, test.source()));
        return List.copyOf(out);
    }
}
