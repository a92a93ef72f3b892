package dev.menderharness.validate.rules;

import dev.menderharness.contract.ApiRoutes;
import dev.menderharness.contract.MenderComponent;
import dev.menderharness.manifest.GatewayRoutes;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.manifest.NginxDirective;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SwarmService;
import dev.menderharness.manifest.Topology;
import dev.menderharness.manifest.TraefikConfig;
import dev.menderharness.manifest.YNode;
import dev.menderharness.validate.Rule;
import dev.menderharness.validate.RuleContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The gateway's route table, Traefik and nginx alike ({@link GatewayRoutes}): every Mender API prefix
 * of a component the manifests deploy reaches that component; management APIs pass the user-token
 * check (useradm's verify), device APIs the device-token check (deviceauth's), login and device
 * authentication requests pass none; every router names a service and middlewares that exist, and
 * its servers are services of the manifests (an enterprise-only one only warns, one that serves no
 * Mender API, e.g. an S3 storage proxy provided outside, too); an entrypoint redirect keeps the port
 * clients reach the target entrypoint at.
 */
public final class GatewayRoutesRule implements Rule {
    private static final Pattern ENTERPRISE_HOST = Pattern.compile(".*(auditlogs|tenantadm|devicemonitor|generate-delta).*");

    @Override
    public String id() { return "gateway-routes"; }

    @Override
    public String description() {
        return "every Mender API prefix reaches its service through the gateway (Traefik or nginx) with the right auth; routers name existing services and middlewares; redirects keep the external port";
    }

    @Override
    public void check(RuleContext ctx) {
        Manifests m = ctx.manifests();
        if (m.hasTraefik()) {
            Topology t = traefikTopology(m);
            if (t != null) {
                GatewayRoutes.Table table = GatewayRoutes.traefik(m.traefik());
                checkTable(ctx, table, t, true);
                redirects(ctx, m);
            }
        }
        if (m.gateway() != null) {
            fixedPortRedirects(ctx, m);
            for (Topology t : new Topology[] {m.kubernetes(), m.swarm()}) {
                if (t == null) continue;
                Optional<ServiceSpec> gw = t.serviceOf(MenderComponent.GATEWAY);
                if (gw.isEmpty()) continue;
                for (GatewayRoutes.Table table : GatewayRoutes.nginx(m.gateway(), k -> gw.get().env().get(k))) {
                    checkTable(ctx, table, t, false);
                }
            }
        }
    }

    /** Docker labels and a Compose project's files belong to the Swarm form; a ConfigMap's routers to Kubernetes. */
    private static Topology traefikTopology(Manifests m) {
        boolean docker = m.traefik().routers().values().stream().anyMatch(r -> r.provider().equals("docker"));
        if (m.swarm() != null && (docker || m.swarm().serviceOf(MenderComponent.TRAEFIK).isPresent())) return m.swarm();
        if (m.kubernetes() != null) return m.kubernetes();
        return m.swarm();
    }

    private void checkTable(RuleContext ctx, GatewayRoutes.Table table, Topology t, boolean checkTargets) {
        Set<GatewayRoutes.Route> mender = new LinkedHashSet<>();
        for (ApiRoutes.Probe p : ApiRoutes.PROBES) {
            if (t.serviceOf(p.component()).isEmpty()) continue;
            table.match(p.method(), p.path()).ifPresent(mender::add);
        }
        Set<String> hopsReported = new LinkedHashSet<>();
        for (GatewayRoutes.Route r : table.routes()) {
            String res = table.describe() + " " + r.name();
            ctx.examined(res);
            for (String problem : r.problems()) ctx.error(r.source(), res, problem);
            if (checkTargets) {
                for (GatewayRoutes.Target target : r.targets()) {
                    String problem = targetProblem(t, target.host(), target.port());
                    if (problem == null) continue;
                    if (ENTERPRISE_HOST.matcher(target.host()).matches()) {
                        ctx.warning(target.source(), res, "forwards to " + target.host() + ": " + problem
                                + " (an enterprise-only service: nothing to route in an open-source deployment)");
                    } else if (mender.contains(r)) {
                        ctx.error(target.source(), res, "forwards to " + target.host() + ": " + problem);
                    } else {
                        ctx.warning(target.source(), res, "forwards to " + target.host() + ": " + problem
                                + " (serves no Mender API; provided outside these manifests?)");
                    }
                }
            }
            for (GatewayRoutes.AuthHop hop : r.auth()) {
                String problem = targetProblem(t, hop.host(), hop.port());
                // One finding per auth hop, not per router using it.
                if (problem != null && hopsReported.add(hop.source() + hop.host())) {
                    ctx.error(hop.source(), table.describe() + " " + hop.name(), "forward-auth calls " + hop.host() + hop.path() + ": "
                            + problem + " (every request through it fails)");
                }
            }
        }
        for (ApiRoutes.Probe p : ApiRoutes.PROBES) {
            Optional<ServiceSpec> expected = t.serviceOf(p.component());
            if (expected.isEmpty()) continue;
            String what = p.method() + " " + p.path() + " (" + name(p.component()) + ")";
            Optional<GatewayRoutes.Route> route = table.match(p.method(), p.path());
            if (route.isEmpty()) {
                ctx.error(expected.get().source(), table.describe(), "no route serves " + what + ": the gateway answers 404");
                continue;
            }
            GatewayRoutes.Route r = route.get();
            String res = table.describe() + " " + r.name();
            List<String> reached = new ArrayList<>();
            boolean right = false;
            for (GatewayRoutes.Target target : r.targets()) {
                Optional<ServiceSpec> s = resolve(t, target.host());
                if (s.isEmpty()) continue;
                Optional<MenderComponent> c = s.get().component();
                if (c.isPresent() && (c.get() == p.component() || sameImage(c.get(), p.component()))) right = true;
                else reached.add(s.get().name() + c.map(x -> " (" + name(x) + ")").orElse(""));
            }
            if (!right && !reached.isEmpty()) {
                ctx.error(r.source(), res, what + " is routed by " + r.name() + " to " + String.join(", ", reached) + ", not to "
                        + name(p.component()));
            } else if (!right && r.targets().isEmpty() && r.problems().isEmpty()) {
                ctx.error(r.source(), res, what + " is answered by " + r.name() + ", which forwards nowhere");
            }
            boolean user = r.auth().stream().anyMatch(h -> h.path().contains(ApiRoutes.USER_VERIFY));
            boolean device = r.auth().stream().anyMatch(h -> h.path().contains(ApiRoutes.DEVICE_VERIFY));
            switch (p.auth()) {
                case USER -> {
                    if (!user) ctx.error(r.source(), res, what + " passes " + r.name() + " without the user-token check ("
                            + ApiRoutes.USER_VERIFY + "): " + (device ? "it checks a device token instead" : "anyone can call the management API"));
                }
                case DEVICE -> {
                    if (!device) ctx.error(r.source(), res, what + " passes " + r.name() + " without the device-token check ("
                            + ApiRoutes.DEVICE_VERIFY + "): " + (user ? "it checks a user token instead" : "any client can call the device API"));
                }
                case NONE -> {
                    if (user || device) ctx.error(r.source(), res, what + " must not need a token, but " + r.name()
                            + " asks for one: " + (p.component() == MenderComponent.USERADM ? "nobody can log in" : "no device can authenticate"));
                }
                default -> {
                    // presigned downloads: either
                }
            }
        }
    }

    private static boolean sameImage(MenderComponent a, MenderComponent b) {
        return (a == MenderComponent.WORKFLOWS || a == MenderComponent.WORKFLOWS_WORKER) && (b == MenderComponent.WORKFLOWS || b == MenderComponent.WORKFLOWS_WORKER);
    }

    private static String name(MenderComponent c) {
        return c.name().toLowerCase().replace('_', '-');
    }

    /** The service a host names in the form: Kubernetes {@code name[.ns[.svc[.cluster.local]]]}, Swarm name, tasks.name or alias. */
    static Optional<ServiceSpec> resolve(Topology t, String host) {
        String h = host.toLowerCase();
        if (t.form() == Topology.Form.KUBERNETES) {
            h = h.replaceFirst("\\.svc(\\.cluster\\.local)?$", "");
            if (h.indexOf('.') > 0 && h.indexOf('.') == h.lastIndexOf('.')) h = h.substring(0, h.indexOf('.'));
        } else if (h.startsWith("tasks.")) {
            h = h.substring("tasks.".length());
        }
        String name = h;
        Optional<ServiceSpec> s = t.service(name);
        if (s.isPresent()) return s;
        return t.services().values().stream().filter(x -> x.aliases().contains(name)).findFirst();
    }

    private static String targetProblem(Topology t, String host, int port) {
        Optional<ServiceSpec> s = resolve(t, host);
        if (s.isEmpty()) {
            return t.form() == Topology.Form.KUBERNETES ? "no Kubernetes Service named '" + host + "'"
                    : "no service or network alias named '" + host + "' in the stack";
        }
        List<Integer> ports = t.form() == Topology.Form.KUBERNETES ? s.get().servicePorts() : s.get().ports();
        if (port >= 0 && !ports.isEmpty() && !ports.contains(port)) {
            return s.get().name() + " has no port " + port + " (ports: " + String.join(", ", ports.stream().map(String::valueOf).toList()) + ")";
        }
        return null;
    }

    /** {@code return 301 https://$host:8443$request_uri}: the request's host, a port written down. */
    private static final java.util.regex.Pattern HOST_WITH_FIXED_PORT =
            java.util.regex.Pattern.compile("^https?://\\$(?:host|server_name):(\\d+)");

    /**
     * An nginx redirect to the request's host at a port written into the configuration works only
     * while the gateway is published at exactly that port: behind a remapped port (docker -p 8443:443,
     * a NodePort, a load balancer) every redirect leads to a port nobody published. Risky, not broken
     * where the port matches: a warning.
     */
    private static void fixedPortRedirects(RuleContext ctx, Manifests m) {
        for (NginxDirective server : m.gateway().all()) {
            if (!server.name().equals("server") || !server.hasBlock()) continue;
            String res = "nginx server " + server.source().file().getFileName() + ":" + server.source().line();
            ctx.examined(res);
            NginxDirective.forEach(server.block(), d -> {
                if (!d.name().equals("return") || d.args().size() < 2 || !d.arg(0).matches("30[12378]")) return;
                java.util.regex.Matcher fixed = HOST_WITH_FIXED_PORT.matcher(d.arg(1));
                if (fixed.find()) {
                    ctx.warning(d.source(), res, "return " + d.arg(0) + " " + d.arg(1) + " sends clients to port " + fixed.group(1)
                            + " whatever port they came in on: behind a remapped port (docker -p, a NodePort, a load balancer) the"
                            + " redirect leads nowhere; use the external URL or the port the request came to");
                }
            });
        }
    }

    /**
     * Traefik's entrypoint redirection sends clients to the target entrypoint's own port. When the stack
     * publishes that entrypoint under another port (8443:443), clients are sent to a port nothing publishes.
     */
    private static void redirects(RuleContext ctx, Manifests m) {
        if (m.swarmRaw() == null) return;
        TraefikConfig t = m.traefik();
        for (SwarmService s : m.swarmRaw().services().values()) {
            if (s.image() == null || !MenderComponent.TRAEFIK.matchesImage(s.image())) continue;
            List<int[]> published = new ArrayList<>();
            for (YNode p : s.node().get("ports").list()) {
                if (p.isMap()) {
                    Integer pub = p.get("published").intValue();
                    Integer tgt = p.get("target").intValue();
                    if (pub != null && tgt != null) published.add(new int[] {pub, tgt});
                } else {
                    String[] parts = p.text("").replaceAll("/\\w+$", "").split(":");
                    if (parts.length >= 2) {
                        try {
                            published.add(new int[] {Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])});
                        } catch (NumberFormatException ignored) {
                            // a port range: not judged
                        }
                    }
                }
            }
            for (TraefikConfig.Redirection r : t.redirections()) {
                Integer to = t.entrypoints().get(r.to());
                String res = s.name();
                ctx.examined(res);
                if (to == null) {
                    ctx.error(r.source(), res, "entrypoint " + r.from() + " redirects to entrypoint " + r.to() + ", which is not defined");
                    continue;
                }
                List<Integer> external = published.stream().filter(x -> x[1] == to).map(x -> x[0]).toList();
                boolean samePublished = published.stream().anyMatch(x -> x[0] == to);
                if (!external.isEmpty() && !external.contains(to) && !samePublished) {
                    ctx.error(r.source(), res, "entrypoint " + r.from() + " redirects to " + r.to() + " at port " + to
                            + ", but clients reach " + r.to() + " at published port " + external.get(0)
                            + ": the redirect loses the external port");
                }
            }
        }
    }
}
