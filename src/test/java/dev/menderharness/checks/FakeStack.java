package dev.menderharness.checks;

import dev.menderharness.checks.dns.ConnectScript;
import dev.menderharness.checks.dns.LookupScript;
import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.GatewayEndpoints;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.Topology;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A RunningStack whose DNS answers come from a table: unit tests of the checks' judgement. */
public final class FakeStack implements RunningStack {

    public final Map<String, List<String>> dns = new HashMap<>();
    public final Map<String, Long> slowMillis = new HashMap<>();
    public final Map<String, List<String>> replicas = new HashMap<>();
    public final Map<String, Integer> running = new HashMap<>();
    /** Virtual addresses by service (Swarm VIPs / ClusterIPs); none when absent. */
    public final Map<String, List<String>> vips = new HashMap<>();
    /** "address:port" pairs that refuse TCP connections (everything else accepts). */
    public final Set<String> closed = new java.util.HashSet<>();
    /** Log text by service, as {@link #logs} returns it. */
    public final Map<String, String> logs = new HashMap<>();
    /** Every connect target the probe was asked for, "name|address|port". */
    public final List<String> connectTargets = new ArrayList<>();
    public boolean shellInServices = false;
    /** When set, every name not in {@link #dns} resolves to this address (a wildcard DNS). */
    public String wildcard;
    private final Topology topology;

    public FakeStack(Topology topology) {
        this.topology = topology;
    }

    public static ServiceSpec service(String name, String image, Map<String, String> env, Set<String> aliases, int replicas) {
        return new ServiceSpec(name, name, image, env, List.of(8080), aliases, Set.of("mender"), replicas,
                new SourceRef(Path.of("swarm/stack.yml"), 1));
    }

    public static Topology topology(ServiceSpec... services) {
        Map<String, ServiceSpec> m = new java.util.LinkedHashMap<>();
        for (ServiceSpec s : services) {
            m.put(s.name(), s);
        }
        return new Topology(Topology.Form.SWARM, Path.of("target/no-such-manifests/swarm"), m);
    }

    private ExecResult lookups(List<String> names) {
        StringBuilder sb = new StringBuilder();
        long t = 1_000_000_000L;
        for (String n : names) {
            List<String> a = dns.containsKey(n) ? dns.get(n) : wildcard == null ? null : List.of(wildcard);
            long took = slowMillis.getOrDefault(n, 3L) * 1_000_000L;
            sb.append("@@lookup ").append(n).append(' ').append(a == null ? 2 : 0).append(' ')
                    .append(t).append(' ').append(t + took).append('\n');
            if (a != null) {
                a.forEach(x -> sb.append(x).append("  STREAM ").append(n).append('\n'));
            }
            t += took;
        }
        return new ExecResult(0, sb.toString(), "", Duration.ofMillis(50));
    }

    private ExecResult connects(String... command) {
        StringBuilder sb = new StringBuilder();
        for (String t : Arrays.asList(command).subList(4, command.length)) {
            connectTargets.add(t);
            String[] f = t.split("\\|");
            boolean open = !closed.contains(f[1] + ":" + f[2]);
            sb.append("@@connect ").append(f[0]).append(' ').append(f[1]).append(' ').append(f[2]).append(' ')
                    .append(open ? 0 : 1).append(" 1000000 2000000\n");
        }
        return new ExecResult(0, sb.toString(), "", Duration.ofMillis(20));
    }

    private static List<String> names(String... command) {
        assert command[0].equals("sh") && command[2].equals(LookupScriptAccess.script());
        return new ArrayList<>(Arrays.asList(command).subList(4, command.length));
    }

    @Override public String name() { return "fake"; }
    @Override public Cluster cluster() { throw new UnsupportedOperationException(); }
    @Override public Topology topology() { return topology; }
    @Override public GatewayEndpoints gateway() { return new GatewayEndpoints(URI.create("http://localhost:1"), URI.create("https://localhost:2")); }
    @Override public ExecResult probe(String service, String... command) {
        if (command.length > 2 && command[2].equals(ConnectScript.command(List.of())[2])) {
            return connects(command);
        }
        return lookups(names(command));
    }
    @Override public List<String> virtualAddresses(String service) {
        if (!replicas.containsKey(service)) {
            throw new IllegalArgumentException("no service " + service);
        }
        return vips.getOrDefault(service, List.of());
    }
    @Override public Optional<ExecResult> execInService(String service, String... command) {
        return shellInServices ? Optional.of(lookups(names(command))) : Optional.empty();
    }
    @Override public List<String> replicaAddresses(String service) {
        List<String> r = replicas.get(service);
        if (r == null) {
            throw new IllegalArgumentException("no service " + service);
        }
        return r;
    }
    @Override public int runningReplicas(String service) { return running.getOrDefault(service, replicaAddresses(service).size()); }
    @Override public void scale(String service, int replicas) { throw new UnsupportedOperationException(); }
    @Override public void killOneReplica(String service) { throw new UnsupportedOperationException(); }
    @Override public void restart(String service) { throw new UnsupportedOperationException(); }
    @Override public String logs(String service, int lines) { return logs.getOrDefault(service, ""); }
    @Override public Diagnostics diagnostics() { return new Diagnostics(Map.of()); }
    @Override public void apply(Path manifestsDir) { throw new UnsupportedOperationException(); }
    @Override public void awaitReady(Duration timeout) { }
    @Override public void close() { }

    /** Keeps the script constant package-private in its own package. */
    static final class LookupScriptAccess {
        static String script() {
            return LookupScript.command(List.of())[2];
        }
    }
}
