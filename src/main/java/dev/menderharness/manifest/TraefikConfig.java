package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traefik's dynamic configuration as the harness reads it: routers, services and middlewares from the
 * file provider (YAML with a top-level {@code http:}, as a file or as a ConfigMap entry, e.g. the
 * Mender chart's {@code api-gateway-traefik}) and from Docker labels of Compose services
 * ({@code traefik.http.routers.NAME.rule}, ...), plus the entrypoints and redirections of the static
 * configuration given on Traefik's command line. Names are qualified {@code name@file} /
 * {@code name@docker}, as Traefik qualifies them.
 */
public final class TraefikConfig {

    /** A router: {@code service} and {@code middlewares} as written (qualified or not). */
    public record Router(String name, String provider, String rule, String service, List<String> middlewares, Integer priority,
                         String owner, SourceRef source) {
        public String qualified() { return name + "@" + provider; }

        /** Traefik's default priority is the rule's length. */
        public int effectivePriority() { return priority != null ? priority : rule.length(); }
    }

    /** A load-balanced service: its server URLs (file provider) or the owning container's port (Docker provider). */
    public record Service(String name, String provider, List<Server> servers, String owner, SourceRef source) {
        public String qualified() { return name + "@" + provider; }
    }

    /** One server of a service: host and port (for Docker, the container's Compose service name). */
    public record Server(String url, String host, int port, SourceRef source) {
    }

    /**
     * A middleware: its type ({@code forwardAuth}, {@code chain}, {@code redirectScheme}, ...) and the
     * settings that matter here (forwardAuth address, chain members, redirect port).
     */
    public record Middleware(String name, String provider, String type, String address, List<String> chain, String port,
                             SourceRef source) {
        public String qualified() { return name + "@" + provider; }
    }

    /** An entrypoint redirection of the static configuration ({@code --entrypoints.web.http.redirections.entrypoint.to=websecure}). */
    public record Redirection(String from, String to, SourceRef source) {
    }

    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Middleware> middlewares = new LinkedHashMap<>();
    private final Map<String, Integer> entrypoints = new LinkedHashMap<>();
    private final List<Redirection> redirections = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    public Map<String, Router> routers() { return routers; }

    public Map<String, Service> services() { return services; }

    public Map<String, Middleware> middlewares() { return middlewares; }

    /** Entrypoint name -> port, from {@code --entrypoints.NAME.address=:PORT}. */
    public Map<String, Integer> entrypoints() { return entrypoints; }

    public List<Redirection> redirections() { return redirections; }

    public List<Path> files() { return files; }

    public boolean isEmpty() { return routers.isEmpty() && services.isEmpty() && middlewares.isEmpty(); }

    /** {@code node.get(key)} ignoring the key's case, as Traefik's configuration decoder does. */
    static YNode ci(YNode node, String key) {
        YNode exact = node.get(key);
        if (exact.exists()) return exact;
        for (Map.Entry<String, YNode> e : node.entries().entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return YNode.MISSING;
    }

    /** True for a YAML document of Traefik's file provider (top-level {@code http} with routers, services or middlewares). */
    public static boolean isDynamicConfig(YNode doc) {
        YNode http = ci(doc, "http");
        return doc.isMap() && !doc.get("kind").exists() && !doc.get("services").exists()
                && (ci(http, "routers").exists() || ci(http, "services").exists() || ci(http, "middlewares").exists()
                || doc.get("tls").exists() && !doc.get("apiVersion").exists() && doc.entries().size() <= 2);
    }

    /** Adds a file-provider document. */
    public void addFileProvider(YNode doc, Path file) {
        if (file != null && !files.contains(file)) files.add(file);
        // Traefik's decoder ignores the case of keys (the chart writes loadBalancer and replacepathregex alike).
        YNode http = ci(doc, "http");
        ci(http, "routers").entries().forEach((name, r) -> {
            List<String> mws = new ArrayList<>();
            YNode m = ci(r, "middlewares");
            if (m.isList()) m.list().forEach(x -> mws.add(x.text("")));
            else if (m.text() != null) for (String x : m.text().split(",")) mws.add(x.strip());
            routers.put(name + "@file", new Router(name, "file", ci(r, "rule").text(""), ci(r, "service").text(""), mws,
                    ci(r, "priority").intValue(), null, r.source()));
        });
        ci(http, "services").entries().forEach((name, s) -> {
            List<Server> servers = new ArrayList<>();
            for (YNode srv : ci(ci(s, "loadBalancer"), "servers").list()) {
                YNode url = ci(srv, "url");
                servers.add(server(url.text(""), url.source()));
            }
            services.put(name + "@file", new Service(name, "file", servers, null, s.source()));
        });
        ci(http, "middlewares").entries().forEach((name, m) -> {
            String type = m.entries().keySet().stream().findFirst().orElse("");
            YNode body = m.get(type);
            List<String> chain = new ArrayList<>();
            ci(body, "middlewares").list().forEach(x -> chain.add(x.text("")));
            middlewares.put(name + "@file", new Middleware(name, "file", type, ci(body, "address").text(), chain,
                    ci(body, "port").text(), m.source()));
        });
    }

    /**
     * Adds the routers, services and middlewares a Compose service declares in its labels. With
     * {@code exposedByDefault} false (the usual), only services labelled {@code traefik.enable=true} count.
     */
    public void addDockerLabels(String owner, Map<String, Label> labels, SourceRef serviceSource, int containerPort, boolean exposedByDefault) {
        Map<String, Label> l = new LinkedHashMap<>();
        labels.forEach((k, v) -> l.put(k.toLowerCase(Locale.ROOT), v));
        String enable = text(l.get("traefik.enable"));
        if (enable != null ? !enable.equalsIgnoreCase("true") : !exposedByDefault) return;
        Map<String, Map<String, Label>> rs = group(l, "traefik.http.routers.");
        Map<String, Map<String, Label>> ss = group(l, "traefik.http.services.");
        Map<String, Map<String, Label>> ms = group(l, "traefik.http.middlewares.");
        ss.forEach((name, props) -> {
            Label port = props.get("loadbalancer.server.port");
            int p = port == null ? containerPort : parseInt(text(port), containerPort);
            SourceRef at = port != null ? port.source() : serviceSource;
            services.put(name + "@docker", new Service(name, "docker", List.of(new Server("http://" + owner + ":" + p, owner, p, at)), owner, at));
        });
        if (ss.isEmpty() && !rs.isEmpty()) {
            // Traefik creates a service named after the container for routers that name none.
            services.put(owner + "@docker", new Service(owner, "docker",
                    List.of(new Server("http://" + owner + ":" + containerPort, owner, containerPort, serviceSource)), owner, serviceSource));
        }
        rs.forEach((name, props) -> {
            Label rule = props.get("rule");
            String service = text(props.get("service"));
            if (service != null) service = service.toLowerCase(Locale.ROOT);
            if (service == null) service = ss.size() == 1 ? ss.keySet().iterator().next() : owner;
            List<String> mws = new ArrayList<>();
            String m = text(props.get("middlewares"));
            if (m != null) for (String x : m.split(",")) if (!x.isBlank()) mws.add(x.strip().toLowerCase(Locale.ROOT).contains("@") ? x.strip() : x.strip().toLowerCase(Locale.ROOT));
            SourceRef at = rule != null ? rule.source() : serviceSource;
            routers.put(name + "@docker", new Router(name, "docker", rule == null ? "" : text(rule).strip(), service, mws,
                    props.get("priority") == null ? null : parseInt(text(props.get("priority")), 0), owner, at));
        });
        ms.forEach((name, props) -> {
            String type = props.keySet().stream().map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) : k).findFirst().orElse("");
            Label first = props.values().iterator().next();
            middlewares.put(name + "@docker", new Middleware(name, "docker", type, text(props.get(type + ".address")),
                    text(props.get(type + ".middlewares")) == null ? List.of() : List.of(text(props.get(type + ".middlewares")).split("\\s*,\\s*")),
                    text(props.get(type + ".port")), first.source()));
        });
    }

    /** Reads entrypoints and entrypoint redirections from Traefik's command-line arguments. */
    public void addStaticArgs(List<String> args, SourceRef at) {
        Pattern address = Pattern.compile("--entrypoints\\.([^.=]+)\\.address=(.*)", Pattern.CASE_INSENSITIVE);
        Pattern redirect = Pattern.compile("--entrypoints\\.([^.=]+)\\.http\\.redirections\\.entrypoint\\.to=(.*)", Pattern.CASE_INSENSITIVE);
        for (String a : args) {
            Matcher m = address.matcher(a.strip());
            if (m.matches()) {
                String v = m.group(2);
                int colon = v.lastIndexOf(':');
                entrypoints.put(m.group(1), parseInt(v.substring(colon + 1).replaceAll("/.*", ""), -1));
            }
            Matcher r = redirect.matcher(a.strip());
            if (r.matches()) redirections.add(new Redirection(r.group(1), r.group(2).strip(), at));
        }
    }

    /** A reference from a router (service or middleware) qualified with the router's provider when it names none. */
    public static String qualify(String ref, String provider) {
        return ref.contains("@") ? ref : ref + "@" + provider;
    }

    private static Map<String, Map<String, Label>> group(Map<String, Label> labels, String prefix) {
        Map<String, Map<String, Label>> out = new LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (!k.startsWith(prefix)) return;
            String rest = k.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot <= 0) return;
            out.computeIfAbsent(rest.substring(0, dot), x -> new LinkedHashMap<>()).put(rest.substring(dot + 1), v);
        });
        // Router and service names keep their case in Traefik; labels were lower-cased for the keys only.
        return out;
    }

    static Server server(String url, SourceRef at) {
        String rest = url.contains("://") ? url.substring(url.indexOf("://") + 3) : url;
        int slash = rest.indexOf('/');
        String hp = slash < 0 ? rest : rest.substring(0, slash);
        int colon = hp.lastIndexOf(':');
        String host = colon < 0 ? hp : hp.substring(0, colon);
        int port = colon < 0 ? (url.startsWith("https") ? 443 : 80) : parseInt(hp.substring(colon + 1), -1);
        return new Server(url, host.toLowerCase(Locale.ROOT), port, at);
    }

    private static String text(Label n) {
        return n == null ? null : n.value();
    }

    /** One Docker label: its value and where it is written. */
    public record Label(String value, SourceRef source) {
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s.strip());
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
