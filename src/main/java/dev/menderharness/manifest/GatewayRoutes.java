package dev.menderharness.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One route table for every gateway the harness knows, Traefik routers and nginx locations alike: for a
 * request (method, path), the route the gateway picks, the upstreams it forwards to and the forward-auth
 * hops it asks first. The static route check asks both kinds the same questions.
 */
public final class GatewayRoutes {

    /** An upstream a route forwards to. */
    public record Target(String host, int port, SourceRef source) {
    }

    /** A forward-auth hop (Traefik forwardAuth, nginx auth_request): the verify endpoint it calls. */
    public record AuthHop(String name, String host, int port, String path, SourceRef source) {
    }

    /**
     * A route: its name (router or location), where it is written, what it forwards to, the auth hops
     * before that, and problems found while resolving it (a missing service or middleware).
     */
    public record Route(String name, SourceRef source, List<Target> targets, List<AuthHop> auth, List<String> problems,
                        boolean enterpriseOnly) {
    }

    /** A gateway's route table. */
    public interface Table {
        String describe();

        List<Route> routes();

        Optional<Route> match(String method, String path);
    }

    private GatewayRoutes() {
    }

    /** Traefik: routers by priority (explicit, else rule length), services and middlewares resolved (chains expanded). */
    public static Table traefik(TraefikConfig t) {
        record Entry(TraefikConfig.Router router, TraefikRule rule, Route route) {
        }
        List<Entry> entries = new ArrayList<>();
        for (TraefikConfig.Router r : t.routers().values()) {
            List<String> problems = new ArrayList<>();
            TraefikRule rule;
            try {
                rule = TraefikRule.parse(r.rule());
            } catch (IllegalArgumentException e) {
                problems.add("rule " + r.rule() + " does not parse: " + e.getMessage());
                rule = TraefikRule.parse("");
            }
            List<Target> targets = new ArrayList<>();
            String svcRef = TraefikConfig.qualify(r.service(), r.provider());
            if (r.service().isBlank()) {
                problems.add("names no service");
            } else if (!svcRef.endsWith("@internal")) {
                TraefikConfig.Service s = t.services().get(svcRef);
                if (s == null) {
                    problems.add("points at service " + svcRef + ", which is not defined" + known(t.services().keySet(), r.provider()));
                } else {
                    for (TraefikConfig.Server srv : s.servers()) targets.add(new Target(srv.host(), srv.port(), srv.source()));
                }
            }
            List<AuthHop> auth = new ArrayList<>();
            expand(t, r.middlewares(), r.provider(), auth, problems, new LinkedHashSet<>());
            entries.add(new Entry(r, rule, new Route("router " + r.qualified(), r.source(), targets, auth, problems, false)));
        }
        entries.sort(Comparator.comparingInt((Entry e) -> -e.router().effectivePriority()).thenComparing(e -> e.router().qualified()));
        List<Route> routes = entries.stream().map(Entry::route).toList();
        return new Table() {
            @Override
            public String describe() { return "Traefik"; }

            @Override
            public List<Route> routes() { return routes; }

            @Override
            public Optional<Route> match(String method, String path) {
                return entries.stream().filter(e -> e.rule().matches(method, path)).map(Entry::route).findFirst();
            }
        };
    }

    private static String known(Set<String> names, String provider) {
        List<String> same = names.stream().filter(n -> n.endsWith("@" + provider)).sorted().toList();
        return same.isEmpty() ? "" : " (" + provider + " services: " + String.join(", ", same) + ")";
    }

    private static void expand(TraefikConfig t, List<String> refs, String provider, List<AuthHop> auth, List<String> problems, Set<String> seen) {
        for (String ref : refs) {
            String q = TraefikConfig.qualify(ref, provider);
            if (!seen.add(q)) continue;
            TraefikConfig.Middleware m = t.middlewares().get(q);
            if (m == null) {
                problems.add("uses middleware " + q + ", which is not defined");
                continue;
            }
            if (m.type().equalsIgnoreCase("chain")) {
                expand(t, m.chain(), m.provider(), auth, problems, seen);
            } else if (m.type().equalsIgnoreCase("forwardAuth") && m.address() != null) {
                TraefikConfig.Server s = TraefikConfig.server(m.address(), m.source());
                String rest = m.address().contains("://") ? m.address().substring(m.address().indexOf("://") + 3) : m.address();
                String path = rest.contains("/") ? rest.substring(rest.indexOf('/')) : "/";
                auth.add(new AuthHop("middleware " + q, s.host(), s.port(), path, m.source()));
            }
        }
    }

    /**
     * nginx: one table per {@code server} block that proxies anywhere; locations matched as nginx does
     * ({@code =} exact, then the longest prefix, {@code ^~} stopping there, then regexes in order);
     * upstreams through {@code set}/{@code map} variables and envsubst placeholders filled by {@code env}.
     */
    public static List<Table> nginx(GatewayConfig g, Function<String, String> env) {
        Map<String, List<GatewayConfig.Upstream>> byLocation = new LinkedHashMap<>();
        for (GatewayConfig.Upstream u : g.upstreams()) {
            GatewayConfig.Upstream f = u.substitute(env);
            byLocation.computeIfAbsent(String.valueOf(f.location()), k -> new ArrayList<>()).add(f);
        }
        List<Table> tables = new ArrayList<>();
        for (List<NginxDirective> top : g.directives().values()) {
            List<NginxDirective> servers = new ArrayList<>();
            collect(top, "server", servers);
            for (NginxDirective server : servers) {
                List<NginxDirective> locations = new ArrayList<>();
                collect(server.block(), "location", locations);
                boolean proxies = locations.stream().anyMatch(l -> !own(l, byLocation.getOrDefault(String.join(" ", l.args()), List.of())).isEmpty());
                if (proxies) tables.add(nginxTable(server, locations, byLocation));
            }
        }
        return tables;
    }

    private static void collect(List<NginxDirective> ds, String name, List<NginxDirective> out) {
        if (ds == null) return;
        for (NginxDirective d : ds) {
            if (d.name().equals(name)) out.add(d);
            else if (d.hasBlock() && !d.name().equals("location")) collect(d.block(), name, out);
        }
    }

    /**
     * The upstreams of this very location block: several server blocks may each have a {@code location /},
     * so upstreams are matched by the proxy_pass directive written inside it (or, for an upstream{}
     * block, by the location proxying at all).
     */
    private static List<GatewayConfig.Upstream> own(NginxDirective location, List<GatewayConfig.Upstream> sameName) {
        List<SourceRef> passes = new ArrayList<>();
        for (NginxDirective d : location.block()) {
            if (d.name().equals("proxy_pass") || d.name().equals("grpc_pass")) passes.add(d.source());
            if (d.name().equals("if") && d.hasBlock()) {
                for (NginxDirective x : d.block()) if (x.name().equals("proxy_pass")) passes.add(x.source());
            }
        }
        if (passes.isEmpty()) return List.of();
        List<GatewayConfig.Upstream> out = new ArrayList<>();
        for (GatewayConfig.Upstream u : sameName) if (passes.contains(u.source())) out.add(u);
        if (out.isEmpty()) {
            for (GatewayConfig.Upstream u : sameName) {
                if (u.source().file().equals(location.source().file())) out.add(u);
            }
        }
        return out;
    }

    private static Table nginxTable(NginxDirective server, List<NginxDirective> locations, Map<String, List<GatewayConfig.Upstream>> byLocation) {
        Map<String, NginxDirective> byName = new LinkedHashMap<>();
        for (NginxDirective l : locations) byName.put(String.join(" ", l.args()), l);
        List<Route> routes = new ArrayList<>();
        Map<NginxDirective, Route> routeOf = new LinkedHashMap<>();
        for (NginxDirective l : locations) {
            String name = String.join(" ", l.args());
            List<Target> targets = new ArrayList<>();
            for (GatewayConfig.Upstream u : own(l, byLocation.getOrDefault(name, List.of()))) targets.add(new Target(u.host(), u.port(), u.source()));
            List<AuthHop> auth = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (NginxDirective d : l.block()) {
                if (!d.name().equals("auth_request") || d.args().isEmpty() || d.arg(0).equals("off")) continue;
                String target = "= " + d.arg(0);
                NginxDirective authLocation = byName.getOrDefault(target, byName.get(d.arg(0)));
                List<GatewayConfig.Upstream> ups = authLocation == null ? List.of()
                        : own(authLocation, byLocation.getOrDefault(String.join(" ", authLocation.args()), List.of()));
                if (ups.isEmpty()) problems.add("auth_request " + d.arg(0) + " names no location that proxies anywhere");
                for (GatewayConfig.Upstream u : ups) {
                    String raw = u.raw();
                    String rest = raw.contains("://") ? raw.substring(raw.indexOf("://") + 3) : raw;
                    String path = rest.contains("/") ? rest.substring(rest.indexOf('/')) : "/";
                    auth.add(new AuthHop("auth_request " + d.arg(0), u.host(), u.port(), path, d.source()));
                }
            }
            Route r = new Route("location " + name, l.source(), targets, auth, problems, false);
            routes.add(r);
            routeOf.put(l, r);
        }
        Map<NginxDirective, Pattern> regexes = new LinkedHashMap<>();
        for (NginxDirective l : locations) {
            List<String> a = l.args();
            if (a.size() != 2 || !(a.get(0).equals("~") || a.get(0).equals("~*"))) continue;
            try {
                regexes.put(l, Pattern.compile(a.get(1), a.get(0).equals("~*") ? Pattern.CASE_INSENSITIVE : 0));
            } catch (PatternSyntaxException e) {
                // a PCRE construct Java lacks: cannot judge this location
            }
        }
        return new Table() {
            @Override
            public String describe() { return "nginx server " + server.source().file().getFileName() + ":" + server.source().line(); }

            @Override
            public List<Route> routes() { return routes; }

            @Override
            public Optional<Route> match(String method, String path) {
                NginxDirective longest = null;
                int longestLen = -1;
                for (NginxDirective l : locations) {
                    List<String> a = l.args();
                    if (a.size() == 2 && a.get(0).equals("=") && a.get(1).equals(path)) return Optional.of(routeOf.get(l));
                    String prefix = a.size() == 1 ? a.get(0) : a.size() == 2 && a.get(0).equals("^~") ? a.get(1) : null;
                    if (prefix != null && !prefix.startsWith("@") && path.startsWith(prefix) && prefix.length() > longestLen) {
                        longest = l;
                        longestLen = prefix.length();
                    }
                }
                if (longest != null && longest.args().get(0).equals("^~")) return Optional.of(routeOf.get(longest));
                for (Map.Entry<NginxDirective, Pattern> e : regexes.entrySet()) {
                    if (e.getValue().matcher(path).find()) return Optional.of(routeOf.get(e.getKey()));
                }
                return Optional.ofNullable(longest).map(routeOf::get);
            }
        };
    }
}
