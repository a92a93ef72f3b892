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
 * Every address a service uses (from the manifests) resolves from that service's network and leads
 * to the right service; an unknown name fails; no lookup, good or bad, takes more than 1 s.
 *
 * <p>Per consumer service, one batch of {@code getent ahosts} lookups runs in the provider's probe on
 * the consumer's network and, where the consumer's image has a shell (fixture images), inside the
 * consumer itself, so resolver differences between images show up. "Right service" means: the
 * addresses are among the target's replica addresses ({@code tasks.<svc>} / Endpoints) or what the
 * target's own service name resolves to from the same place (a VIP / ClusterIP); for a Kubernetes
 * alias Service, its endpoints equal the target's.
 *
 * <p>Reason codes: {@code NO_ADDRESSES} (the manifests name none: nothing would be proved),
 * {@code LOOKUP_NOT_RUN}, {@code LOOKUP_SLOW}, {@code LOOKUP_OUTPUT_CUT}, {@code WILDCARD_ANSWER}
 * (an unknown name resolved), {@code NAME_NOT_RESOLVED}, {@code NAME_NOT_DECLARED} (resolves, but no
 * declared service has that name), {@code NAME_LEADS_TO_OTHER_SERVICE} (another service's replicas),
 * {@code NAME_NOT_TARGET} (neither the target's replicas nor its virtual IP).
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
                               Duration max, Duration limit) implements CheckResult {

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
        Map<String, Set<String>> replicaCache = new HashMap<>();
        String unknown = "harness-no-such-name-" + UUID.randomUUID().toString().substring(0, 8);

        for (Map.Entry<String, List<ServiceAddress>> e : byConsumer.entrySet()) {
            String consumer = e.getKey();
            reporter.step("resolve the names " + consumer + " uses, from its network", () -> {
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
                vantages.add(LookupRunner.fromProbe(stack, reporter, consumer, batch));
                LookupRunner.fromInside(stack, reporter, consumer, batch).ifPresent(vantages::add);
                for (List<Lookup> lookups : vantages) {
                    all.addAll(lookups);
                    evaluate(stack, limit, consumer, e.getValue(), targets, lookups, unknown, replicaCache, failures);
                }
            });
        }

        List<Duration> took = all.stream().map(Lookup::took).toList();
        Percentiles p = new Percentiles(took);
        Measurements m = new Measurements(all, used, p.percentile(50), p.percentile(95), p.max(), limit);
        reporter.attachJson("DNS lookup latency", m.toJson());
        reporter.progress(String.format("DNS: %d lookups, p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                all.size(), Percentiles.millis(m.p50()), Percentiles.millis(m.p95()), Percentiles.millis(m.max())));
        failures.throwIfAny();
        return m;
    }

    private void evaluate(RunningStack stack, Duration limit, String consumer, List<ServiceAddress> used,
                          Map<String, Optional<ServiceSpec>> targets, List<Lookup> lookups, String unknown,
                          Map<String, Set<String>> replicaCache, Failures failures) {
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
            if (!seen.add(a.host())) {
                continue;
            }
            Lookup l = byName.get(a.host());
            if (l == null) {
                failures.add("LOOKUP_OUTPUT_CUT", a.describe() + ": no lookup result " + vantageOf(lookups));
                continue;
            }
            if (!l.resolved()) {
                failures.add("NAME_NOT_RESOLVED", a.host() + " does not resolve " + l.vantage() + " (getent exit " + l.exitCode() + "); "
                        + a.describe() + ". Declare it as a service name or network alias (Swarm) / a Service (Kubernetes)"
                        + " reachable from " + consumer);
                continue;
            }
            Optional<ServiceSpec> target = targets.get(a.host());
            if (target.isEmpty()) {
                failures.add("NAME_NOT_DECLARED", a.host() + " resolves " + l.vantage() + " to " + l.addresses() + " but no service in the "
                        + "manifests declares that name or alias; " + a.describe());
                continue;
            }
            String t = target.get().name();
            Set<String> targetReplicas = replicas(stack, t, replicaCache);
            if (!l.addresses().isEmpty() && targetReplicas.containsAll(l.addresses())) {
                continue; // replica addresses (dnsrr, tasks.<svc>, headless)
            }
            Optional<String> other = ownerOf(stack, l.addresses(), t, replicaCache);
            if (other.isPresent()) {
                failures.add("NAME_LEADS_TO_OTHER_SERVICE", a.host() + " resolves " + l.vantage() + " to " + l.addresses() + ", replica addresses of "
                        + other.get() + ", not of " + t + " (" + targetReplicas + "); " + a.describe());
                continue;
            }
            // Not replica addresses: a virtual IP (Swarm VIP, Kubernetes ClusterIP) in front of the replicas.
            Lookup canonical = byName.get(t);
            if (a.host().equals(t)) {
                continue; // the service's own name: its virtual IP, which only the orchestrator could tell apart
            }
            if (canonical != null && canonical.resolved() && canonical.addresses().containsAll(l.addresses())) {
                continue; // an alias answering with the target's virtual IP
            }
            if (sameEndpoints(stack, a.host(), t, replicaCache)) {
                continue; // a Kubernetes alias Service: its own ClusterIP, the target's pods behind it
            }
            failures.add("NAME_NOT_TARGET", a.host() + " resolves " + l.vantage() + " to " + l.addresses() + ", which is not " + t
                    + " (its replicas: " + targetReplicas + ", its name resolves to "
                    + (canonical == null ? "?" : canonical.addresses()) + "); " + a.describe());
        }
    }

    private static Set<String> replicas(RunningStack stack, String service, Map<String, Set<String>> cache) {
        return cache.computeIfAbsent(service, s -> {
            try {
                return Set.copyOf(stack.replicaAddresses(s));
            } catch (RuntimeException e) {
                return Set.of();
            }
        });
    }

    /** The other declared service whose replicas own one of {@code addresses}, if any. */
    private static Optional<String> ownerOf(RunningStack stack, Set<String> addresses, String except,
                                            Map<String, Set<String>> cache) {
        for (String s : new java.util.TreeSet<>(stack.topology().services().keySet())) {
            if (!s.equals(except) && addresses.stream().anyMatch(replicas(stack, s, cache)::contains)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static boolean sameEndpoints(RunningStack stack, String alias, String target, Map<String, Set<String>> cache) {
        try {
            Set<String> aliasEndpoints = Set.copyOf(stack.replicaAddresses(alias));
            return !aliasEndpoints.isEmpty() && aliasEndpoints.equals(replicas(stack, target, cache));
        } catch (RuntimeException e) {
            return false; // the provider knows no service by that name: a plain alias, not a Service
        }
    }

    private static String vantageOf(List<Lookup> lookups) {
        return lookups.isEmpty() ? "" : lookups.get(0).vantage();
    }
}
