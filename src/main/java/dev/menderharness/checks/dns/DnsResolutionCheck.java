package dev.menderharness.checks.dns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menderharness.checks.AddressSource;
import dev.menderharness.checks.BenchmarkEntry;
import dev.menderharness.checks.Check;
import dev.menderharness.checks.CheckContext;
import dev.menderharness.checks.CheckFailure;
import dev.menderharness.checks.CheckResult;
import dev.menderharness.checks.Failures;
import dev.menderharness.checks.ManifestAddressSource;
import dev.menderharness.checks.Percentiles;
import dev.menderharness.checks.ServiceAddress;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.ServiceSpec;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.Reporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every address a service uses (from the manifests) resolves from that service's network to the
 * intended service and accepts a TCP connection there on the port the service uses; an unknown name
 * fails; no lookup, good or bad, takes more than 1 s.
 *
 * <p>Per consumer service, one batch of {@code getent ahosts} lookups runs in the provider's probe on
 * the consumer's network and, where the consumer's image has a shell (fixture images before they were
 * made shell-less like the real ones), inside the consumer itself. "The intended service" means every
 * address the name resolves to is one of the target's replica addresses ({@code tasks.<svc>} /
 * Endpoints) or one of its virtual addresses as the orchestrator records them
 * ({@link RunningStack#virtualAddresses}: Swarm VIPs, the ClusterIP of the target's Service or of an
 * alias Service whose endpoints are the target's). Only where the provider records no virtual
 * address does the check fall back to comparing with what the target's own name resolves to. Then,
 * from the same probe, one {@code nc -z} per resolved address on the port the consumer uses (the
 * URL's, else the target's service port): a name that resolves to the right service but leads to a
 * port nothing listens on fails here.
 *
 * <p>Reason codes: {@code NO_ADDRESSES} (the manifests name none: nothing would be proved),
 * {@code LOOKUP_NOT_RUN}, {@code LOOKUP_SLOW}, {@code LOOKUP_OUTPUT_CUT}, {@code WILDCARD_ANSWER}
 * (an unknown name resolved), {@code NAME_NOT_RESOLVED}, {@code NAME_NOT_DECLARED} (resolves, but no
 * declared service has that name), {@code NAME_LEADS_TO_OTHER_SERVICE} (another service's replicas or
 * virtual address), {@code NAME_NOT_TARGET} (an address no service owns), {@code CONNECT_NOT_RUN},
 * {@code NAME_NOT_CONNECTABLE} (resolves to the right service, but no TCP connection on the port).
 *
 * <p>Variants: {@code swarm-s3-alias-removed} → {@code NAME_NOT_RESOLVED},
 * {@code worker-inventory-port-wrong} → {@code NAME_NOT_CONNECTABLE}. No manifest makes the cluster's
 * resolver answer an unknown name, answer slowly or hand out an address no service owns
 * ({@code WILDCARD_ANSWER}, {@code LOOKUP_SLOW}, {@code NAME_NOT_TARGET}: the probe uses the cluster's
 * DNS, which the manifests do not configure); see docs/check-variants.md.
 */
public final class DnsResolutionCheck implements Check<DnsResolutionCheck.Measurements> {

    /** @param lookup the longest any single lookup, good or bad, may take */
    public record Limits(Duration lookup) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(1));
    }

    private final AddressSource addresses;
    private final Limits limits;

    /** The addresses of the deployed manifests, the default limits. */
    public DnsResolutionCheck() {
        this(new ManifestAddressSource(), Limits.DEFAULT);
    }

    public DnsResolutionCheck(AddressSource addresses, Limits limits) {
        this.addresses = addresses;
        this.limits = limits;
    }

    /**
     * What the check measured: every lookup, and the latency percentiles over all of them. Its
     * benchmark is {@code dns.json}, key {@value #BENCHMARK_KEY}.
     */
    public record Measurements(List<Lookup> lookups, List<ServiceAddress> addresses, Duration p50, Duration p95,
                               Duration max, Duration limit, List<ConnectScript.Connect> connects) implements CheckResult {

        public static final String BENCHMARK_KEY = "dns.resolution";

        /** The numbers as the benchmark records them: percentiles overall and by vantage, every sample. */
        public Map<String, Object> values() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("lookups", lookups.size());
            root.put("addressesChecked", addresses.size());
            root.put("p50Ms", Percentiles.millis(p50));
            root.put("p95Ms", Percentiles.millis(p95));
            root.put("maxMs", Percentiles.millis(max));
            root.put("limitMs", limit.toMillis());
            root.put("connections", connects.size());
            root.put("connectionsRefused", connects.stream().filter(c -> !c.connected()).count());
            Map<String, List<Duration>> grouped = new TreeMap<>();
            for (Lookup l : lookups) {
                grouped.computeIfAbsent(l.vantage().startsWith("inside") ? "inService" : "probe", k -> new ArrayList<>()).add(l.took());
            }
            Map<String, Object> byVantage = new LinkedHashMap<>();
            grouped.forEach((k, v) -> {
                Percentiles p = new Percentiles(v);
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("lookups", p.count());
                n.put("p50Ms", Percentiles.millis(p.percentile(50)));
                n.put("p95Ms", Percentiles.millis(p.percentile(95)));
                n.put("maxMs", Percentiles.millis(p.max()));
                byVantage.put(k, n);
            });
            root.put("byVantage", byVantage);
            List<Map<String, Object>> all = new ArrayList<>();
            for (Lookup l : lookups) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("vantage", l.vantage());
                s.put("name", l.name());
                s.put("exit", l.exitCode());
                s.put("ms", Percentiles.millis(l.took()));
                all.add(s);
            }
            root.put("samples", all);
            return root;
        }

        public String toJson() {
            try {
                return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(values());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<BenchmarkEntry> benchmark() {
            return Optional.of(new BenchmarkEntry("dns", BENCHMARK_KEY, values()));
        }
    }

    @Override
    public Measurements run(CheckContext context) {
        RunningStack stack = context.stack();
        Reporter reporter = context.reporter();
        Duration limit = limits.lookup();
        Topology topology = stack.topology();
        List<ServiceAddress> used = reporter.step("read the addresses every service uses from the manifests", () -> {
            List<ServiceAddress> a = addresses.addresses(topology);
            StringBuilder sb = new StringBuilder();
            a.forEach(x -> sb.append(x.describe()).append('\n'));
            reporter.attach("addresses from the manifests (" + a.size() + ")", sb.toString());
            return a;
        });
        if (used.isEmpty()) {
            throw new CheckFailure("NO_ADDRESSES", "no service in " + topology.root() + " uses any address: nothing to resolve, "
                    + "so the DNS check would prove nothing (are env values and the gateway config read?)");
        }
        Failures failures = new Failures("DNS resolution");
        List<Lookup> all = new ArrayList<>();
        Map<String, List<ServiceAddress>> byConsumer = new TreeMap<>();
        used.forEach(a -> byConsumer.computeIfAbsent(a.consumer(), k -> new ArrayList<>()).add(a));
        Owners cache = new Owners(stack);
        String unknown = "harness-no-such-name-" + UUID.randomUUID().toString().substring(0, 8);

        List<ConnectScript.Connect> connects = new ArrayList<>();
        for (Map.Entry<String, List<ServiceAddress>> e : byConsumer.entrySet()) {
            String consumer = e.getKey();
            reporter.step("resolve the names " + consumer + " uses, from its network, and connect to them", () -> {
                Set<String> names = new LinkedHashSet<>();
                Map<String, Optional<ServiceSpec>> targets = new LinkedHashMap<>();
                for (ServiceAddress a : e.getValue()) {
                    names.add(a.host());
                    Optional<ServiceSpec> t = NameTargets.target(topology, a.host());
                    targets.put(a.host(), t);
                    t.ifPresent(s -> names.add(s.name()));
                }
                names.add(unknown);
                List<String> batch = List.copyOf(names);

                List<List<Lookup>> vantages = new ArrayList<>();
                List<Lookup> fromProbe = LookupRunner.fromProbe(stack, reporter, consumer, batch);
                vantages.add(fromProbe);
                LookupRunner.fromInside(stack, reporter, consumer, batch).ifPresent(vantages::add);
                List<ConnectScript.Target> reachable = new ArrayList<>();
                for (List<Lookup> lookups : vantages) {
                    all.addAll(lookups);
                    List<ConnectScript.Target> right = evaluate(stack, limit, consumer, e.getValue(), targets, lookups, unknown,
                            cache, failures);
                    if (lookups == fromProbe) {
                        reachable.addAll(right);
                    }
                }
                connects.addAll(connect(stack, reporter, consumer, e.getValue(), reachable, failures));
            });
        }

        List<Duration> took = all.stream().map(Lookup::took).toList();
        Percentiles p = new Percentiles(took);
        Measurements m = new Measurements(all, used, p.percentile(50), p.percentile(95), p.max(), limit, List.copyOf(connects));
        reporter.attachJson("DNS lookup latency", m.toJson());
        reporter.progress(String.format("DNS: %d lookups, p50 %.1f ms, p95 %.1f ms, max %.1f ms; %d connections, %d refused",
                all.size(), Percentiles.millis(m.p50()), Percentiles.millis(m.p95()), Percentiles.millis(m.max()),
                connects.size(), connects.stream().filter(c -> !c.connected()).count()));
        failures.throwIfAny();
        return m;
    }

    /**
     * Judges one vantage's lookups; returns, for the names that led to their intended service, one
     * connect target per resolved address (on the port the consumer uses).
     */
    private List<ConnectScript.Target> evaluate(RunningStack stack, Duration limit, String consumer, List<ServiceAddress> used,
                                                Map<String, Optional<ServiceSpec>> targets, List<Lookup> lookups, String unknown,
                                                Owners owners, Failures failures) {
        List<ConnectScript.Target> right = new ArrayList<>();
        Map<String, Lookup> byName = new HashMap<>();
        lookups.forEach(l -> byName.put(l.name(), l));
        for (Lookup l : lookups) {
            failures.check(l.took().compareTo(limit) <= 0, "LOOKUP_SLOW", String.format("lookup of %s %s took %d ms (limit %d ms): "
                    + "slow resolver (search domains/ndots, unreachable nameserver?)", l.name(), l.vantage(),
                    l.took().toMillis(), limit.toMillis()));
        }
        Lookup bad = byName.get(unknown);
        if (bad == null) {
            failures.add("LOOKUP_OUTPUT_CUT", "no result for the unknown name " + unknown + " " + vantageOf(lookups) + ": the lookup script output was cut");
        } else {
            failures.check(!bad.resolved(), "WILDCARD_ANSWER", "the unknown name " + unknown + " resolved " + bad.vantage()
                    + " to " + bad.addresses() + ": a wildcard DNS answer would hide every missing name");
        }
        Set<String> seen = new HashSet<>();
        for (ServiceAddress a : used) {
            Lookup l = byName.get(a.host());
            if (l == null) {
                if (seen.add(a.host())) {
                    failures.add("LOOKUP_OUTPUT_CUT", a.describe() + ": no lookup result " + vantageOf(lookups));
                }
                continue;
            }
            boolean first = seen.add(a.host());
            if (!l.resolved()) {
                if (first) {
                    failures.add("NAME_NOT_RESOLVED", a.host() + " does not resolve " + l.vantage() + " (getent exit " + l.exitCode() + "); "
                            + a.describe() + ". Declare it as a service name or network alias (Swarm) / a Service (Kubernetes)"
                            + " reachable from " + consumer);
                }
                continue;
            }
            Optional<ServiceSpec> target = targets.get(a.host());
            if (target.isEmpty()) {
                if (first) {
                    failures.add("NAME_NOT_DECLARED", a.host() + " resolves " + l.vantage() + " to " + l.addresses() + " but no service in the "
                            + "manifests declares that name or alias; " + a.describe());
                }
                continue;
            }
            String t = target.get().name();
            Optional<String> problem = notTarget(stack, a.host(), t, l, byName.get(t), owners);
            if (problem.isPresent()) {
                if (first) {
                    String p = problem.get();
                    failures.add(p.startsWith("other:") ? "NAME_LEADS_TO_OTHER_SERVICE" : "NAME_NOT_TARGET",
                            a.host() + " resolves " + l.vantage() + " to " + l.addresses() + ", " + p.substring(p.indexOf(':') + 1)
                                    + "; " + a.describe());
                }
                continue;
            }
            int port = a.port() > 0 ? a.port() : servicePort(target.get());
            if (port > 0) {
                l.addresses().stream().sorted().forEach(addr -> right.add(new ConnectScript.Target(a.host(), addr, port)));
            }
        }
        return right;
    }

    /**
     * Empty when every address of {@code l} belongs to {@code target} and to no other service; else why
     * not ("other:..." for another service's). Another service's address counts even when the target's
     * replica DNS lists it too: a Swarm alias claimed by a second service also adds that service's tasks
     * to {@code tasks.<alias>}.
     */
    private static Optional<String> notTarget(RunningStack stack, String host, String target, Lookup l, Lookup canonical, Owners owners) {
        Optional<String> other = owners.ownerOf(l.addresses(), target);
        if (other.isPresent()) {
            return Optional.of("other:addresses of " + other.get() + ", not of " + target + " (its replicas "
                    + owners.replicas(target) + ", virtual " + owners.virtual(target) + ")");
        }
        Set<String> own = new HashSet<>(owners.replicas(target));
        own.addAll(owners.virtual(target));
        boolean aliasService = !host.equals(target) && owners.sameEndpoints(host, target);
        if (aliasService) {
            own.addAll(owners.virtual(host)); // a Kubernetes alias Service: its own ClusterIP, the target's pods behind it
        }
        if (!l.addresses().isEmpty() && own.containsAll(l.addresses())) {
            return Optional.empty();
        }
        if (owners.virtual(target).isEmpty() && !aliasService) {
            // The provider records no virtual address: fall back to what the target's own name resolves to.
            if (host.equals(target) || (canonical != null && canonical.resolved() && canonical.addresses().containsAll(l.addresses()))) {
                return Optional.empty();
            }
        }
        return Optional.of("target:which is not " + target + " (its replicas: " + owners.replicas(target) + ", its virtual addresses: "
                + owners.virtual(target) + ", its name resolves to " + (canonical == null ? "?" : canonical.addresses()) + ")");
    }

    /** The port other services reach {@code s} at when the address gives none. */
    private static int servicePort(ServiceSpec s) {
        if (s.servicePorts() != null && !s.servicePorts().isEmpty()) {
            return s.servicePorts().get(0);
        }
        return s.listenPort();
    }

    /** One TCP connection per resolved address of every name that led to its service, from the consumer's probe. */
    private static List<ConnectScript.Connect> connect(RunningStack stack, Reporter reporter, String consumer, List<ServiceAddress> used,
                                                       List<ConnectScript.Target> targets, Failures failures) {
        List<ConnectScript.Target> distinct = new ArrayList<>(new LinkedHashSet<>(targets));
        if (distinct.isEmpty()) {
            return List.of();
        }
        String vantage = "probe on " + consumer + "'s network";
        ExecResult r = stack.probe(consumer, ConnectScript.command(distinct));
        reporter.attach("nc -z, " + vantage, "exit " + r.exitCode() + ", " + r.took().toMillis() + " ms\n" + r.stdout()
                + (r.stderr().isBlank() ? "" : "\n[stderr]\n" + r.stderr()));
        if (!r.ok()) {
            throw new CheckFailure("CONNECT_NOT_RUN", "TCP connect probe for " + consumer + " failed to run (exit " + r.exitCode() + "): "
                    + (r.stderr() + r.stdout()).trim());
        }
        List<ConnectScript.Connect> out = ConnectScript.parse(vantage, r.stdout());
        Set<String> reported = new HashSet<>();
        for (ConnectScript.Connect c : out) {
            if (c.exitCode() == 127) {
                throw new CheckFailure("CONNECT_NOT_RUN", "the probe for " + consumer + " has no nc: TCP connections cannot be tried");
            }
            if (!c.connected() && reported.add(c.name() + ":" + c.port())) {
                String uses = used.stream().filter(a -> a.host().equals(c.name())).map(ServiceAddress::describe).findFirst().orElse(c.name());
                failures.add("NAME_NOT_CONNECTABLE", c.name() + " resolves " + vantage + " to its service, but " + c.address() + ":" + c.port()
                        + " accepts no TCP connection (" + c.took().toMillis() + " ms); " + uses
                        + ". Is the port the one the service listens on (its Service port on Kubernetes)?");
            }
        }
        if (out.size() < distinct.size()) {
            failures.add("LOOKUP_OUTPUT_CUT", "the connect probe for " + consumer + " reported " + out.size() + " of " + distinct.size()
                    + " connections: its output was cut");
        }
        return out;
    }

    /** Replica and virtual addresses of services, asked once per check run. */
    private static final class Owners {
        private final RunningStack stack;
        private final Map<String, Set<String>> replicas = new HashMap<>();
        private final Map<String, Set<String>> virtual = new HashMap<>();

        Owners(RunningStack stack) {
            this.stack = stack;
        }

        Set<String> replicas(String service) {
            return replicas.computeIfAbsent(service, s -> {
                try {
                    return Set.copyOf(stack.replicaAddresses(s));
                } catch (RuntimeException e) {
                    return Set.of();
                }
            });
        }

        Set<String> virtual(String service) {
            return virtual.computeIfAbsent(service, s -> {
                try {
                    return Set.copyOf(stack.virtualAddresses(s));
                } catch (RuntimeException e) {
                    return Set.of(); // not a service the provider knows by that name (a Swarm alias)
                }
            });
        }

        /**
         * The other declared service whose replica or virtual addresses include one of {@code addresses};
         * services running the same workload as {@code except} (Kubernetes alias Services) are not other.
         */
        Optional<String> ownerOf(Set<String> addresses, String except) {
            String workload = stack.topology().service(except).map(ServiceSpec::workload).orElse(except);
            for (String s : new java.util.TreeSet<>(stack.topology().services().keySet())) {
                String w = stack.topology().service(s).map(ServiceSpec::workload).orElse(s);
                if (s.equals(except) || (!workload.isEmpty() && workload.equals(w))) {
                    continue;
                }
                if (addresses.stream().anyMatch(a -> replicas(s).contains(a) || virtual(s).contains(a))) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        /** A Kubernetes alias Service: its endpoints are the target's. */
        boolean sameEndpoints(String alias, String target) {
            Set<String> a = replicas(alias);
            return !a.isEmpty() && a.equals(replicas(target));
        }
    }

    private static String vantageOf(List<Lookup> lookups) {
        return lookups.isEmpty() ? "" : lookups.get(0).vantage();
    }
}
