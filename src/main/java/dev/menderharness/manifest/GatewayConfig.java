package dev.menderharness.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx gateway configuration (the one file both forms use), parsed. Gives the upstreams the
 * gateway proxies to (proxy_pass, resolved through {@code set $var} and {@code upstream} blocks), the
 * ports it listens on, its resolvers and auth_request targets.
 */
public record GatewayConfig(List<Path> files, Map<Path, List<NginxDirective>> directives) {

    /**
     * One address the gateway proxies to.
     *
     * @param location the location block it serves ({@code null} outside one)
     * @param raw      the target as written (after {@code set} substitution), e.g. {@code http://${UPSTREAM}:8080}
     * @param scheme   http or https (null for {@code upstream} servers)
     * @param host     host name, possibly containing {@code ${VAR}} placeholders
     * @param port     explicit or scheme default port
     */
    public record Upstream(String location, String raw, String scheme, String host, int port, SourceRef source) {
        /** True when the host still holds an envsubst placeholder to be filled at deploy time. */
        public boolean hasPlaceholder() { return host.contains("${"); }

        /** The same upstream with envsubst placeholders filled from {@code env} (unknown ones kept). */
        public Upstream substitute(Function<String, String> env) {
            return new Upstream(location, raw, scheme, Placeholders.fill(host, env), port, source);
        }
    }

    private static final Pattern NGINX_VAR = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");
    private static final Pattern URL = Pattern.compile("^(https?)://([^/:]+|\\[[^]]+])(?::(\\d+|\\$\\{?\\w+}?))?(/.*)?$");

    public static GatewayConfig load(List<Path> files) {
        Map<Path, List<NginxDirective>> ds = new LinkedHashMap<>();
        for (Path f : files) ds.put(f, NginxParser.parse(f));
        return new GatewayConfig(List.copyOf(files), ds);
    }

    public List<NginxDirective> all() {
        List<NginxDirective> out = new ArrayList<>();
        directives.values().forEach(list -> NginxDirective.forEach(list, out::add));
        return out;
    }

    /** Ports of every {@code listen} directive. */
    public Set<Integer> listenPorts() {
        Set<Integer> out = new LinkedHashSet<>();
        for (NginxDirective d : all()) {
            if (!d.name().equals("listen") || d.args().isEmpty()) continue;
            String a = d.arg(0);
            String port = a.substring(a.lastIndexOf(':') + 1);
            try {
                out.add(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                // a unix socket or a placeholder: not a TCP port we can know
            }
        }
        return out;
    }

    public List<NginxDirective> resolvers() {
        return all().stream().filter(d -> d.name().equals("resolver")).toList();
    }

    /** Locations named by auth_request (e.g. /_devauth), which must themselves proxy somewhere. */
    public List<NginxDirective> authRequests() {
        return all().stream().filter(d -> d.name().equals("auth_request")).toList();
    }

    /** Every address the gateway proxies to, with {@code set $var value} and upstream blocks resolved. */
    public List<Upstream> upstreams() {
        Map<String, List<String>> vars = new LinkedHashMap<>();
        Map<String, List<NginxDirective>> upstreamBlocks = new LinkedHashMap<>();
        for (NginxDirective d : all()) {
            if (d.name().equals("set") && d.args().size() >= 2) {
                vars.computeIfAbsent(d.arg(0), k -> new ArrayList<>()).add(d.arg(1));
            }
            if (d.name().equals("upstream") && d.hasBlock()) upstreamBlocks.put(d.arg(0), d.block());
            // map $src $var { default host:port; key value; }: every value is a possible upstream.
            if (d.name().equals("map") && d.hasBlock() && d.args().size() >= 2) {
                for (NginxDirective entry : d.block()) {
                    if (!entry.args().isEmpty() && !entry.name().equals("hostnames") && !entry.name().equals("volatile")) {
                        vars.computeIfAbsent(d.arg(1), k -> new ArrayList<>()).add(entry.arg(0));
                    }
                }
            }
        }
        List<Upstream> out = new ArrayList<>();
        for (List<NginxDirective> top : directives.values()) {
            for (NginxDirective d : top) {
                d.walk(null, (x, location) -> {
                    if (!x.name().equals("proxy_pass") && !x.name().equals("grpc_pass")) return;
                    if (x.args().isEmpty()) return;
                    for (String target : expand(x.arg(0), vars)) add(out, location, target, x.source(), upstreamBlocks);
                });
            }
        }
        return out;
    }

    private static void add(List<Upstream> out, String location, String target, SourceRef src,
                            Map<String, List<NginxDirective>> upstreamBlocks) {
        Matcher m = URL.matcher(target);
        if (!m.matches()) return;
        String scheme = m.group(1);
        String host = m.group(2);
        List<NginxDirective> block = upstreamBlocks.get(host);
        if (block != null) {
            for (NginxDirective server : block) {
                if (!server.name().equals("server") || server.args().isEmpty()) continue;
                String hp = server.arg(0);
                int colon = hp.lastIndexOf(':');
                String h = colon > 0 ? hp.substring(0, colon) : hp;
                int p = colon > 0 ? parsePort(hp.substring(colon + 1), 80) : 80;
                out.add(new Upstream(location, hp, scheme, h, p, server.source()));
            }
            return;
        }
        int port = m.group(3) == null ? (scheme.equals("https") ? 443 : 80) : parsePort(m.group(3), -1);
        out.add(new Upstream(location, target, scheme, host, port, src));
    }

    private static int parsePort(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Substitutes nginx variables set with {@code set}; a variable set to several values gives several targets. */
    private static List<String> expand(String target, Map<String, List<String>> vars) {
        List<String> results = new ArrayList<>(List.of(target));
        for (int round = 0; round < 4; round++) {
            List<String> next = new ArrayList<>();
            boolean changed = false;
            for (String t : results) {
                Matcher m = NGINX_VAR.matcher(t);
                String hit = null;
                List<String> values = null;
                while (m.find()) {
                    String name = "$" + (m.group(1) != null ? m.group(1) : m.group(2));
                    if (vars.containsKey(name)) {
                        hit = m.group();
                        values = vars.get(name);
                        break;
                    }
                }
                if (hit == null) {
                    next.add(t);
                } else {
                    changed = true;
                    for (String v : values) next.add(t.replace(hit, v));
                }
            }
            results = next;
            if (!changed) break;
        }
        return results;
    }
}
