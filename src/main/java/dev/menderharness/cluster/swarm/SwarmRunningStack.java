package dev.menderharness.cluster.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.ExecResult;
import dev.menderharness.cluster.GatewayEndpoints;
import dev.menderharness.cluster.RunningStack;
import dev.menderharness.manifest.Topology;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Stopwatch;
import dev.menderharness.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Mender stack deployed on a DinD swarm. Reads go through the manager's docker-java client;
 * changes that must keep the service spec intact (scale, forced update, redeploy) use the docker
 * CLI in the manager node, which round-trips every spec field docker-java may not model.
 */
public final class SwarmRunningStack implements RunningStack {

    static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final SwarmCluster cluster;
    private final String name;
    private final SwarmStackDeployer deployer;
    private final SwarmProbes probes;
    private final SwarmReadiness readiness;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DeployedStack deployed;

    /** What the latest deploy/apply put on the swarm. */
    record DeployedStack(Topology topology, StackFile original, String appliedYaml, List<String> adaptations, Path source) {
    }

    SwarmRunningStack(SwarmCluster cluster, String name, SwarmStackDeployer deployer, SwarmProbes probes, DeployedStack deployed) {
        this.cluster = cluster;
        this.name = name;
        this.deployer = deployer;
        this.probes = probes;
        this.deployed = deployed;
        this.readiness = new SwarmReadiness(this);
    }

    void deployed(DeployedStack d) {
        this.deployed = d;
    }

    DeployedStack deployed() {
        return deployed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SwarmCluster cluster() {
        return cluster;
    }

    @Override
    public Topology topology() {
        return deployed.topology();
    }

    @Override
    public GatewayEndpoints gateway() {
        SwarmMember m = cluster.manager();
        return new GatewayEndpoints(m.published("http", 80), m.published("https", 443));
    }

    /** The swarm's name for a manifest service: {@code <stack>_<service>}. */
    String swarmName(String service) {
        if (deployed.topology().service(service).isEmpty()) {
            throw new IllegalArgumentException("stack " + name + " has no service '" + service + "'; services: "
                    + new TreeSet<>(deployed.topology().services().keySet()));
        }
        return name + "_" + service;
    }

    DockerClient managerClient() {
        return cluster.manager().client();
    }

    /** The IDs of the overlay networks a service's tasks join. */
    SortedSet<String> networksOf(String service) {
        Service s = managerClient().inspectServiceCmd(swarmName(service)).exec();
        SortedSet<String> nets = new TreeSet<>();
        List<NetworkAttachmentConfig> attached = s.getSpec().getTaskTemplate().getNetworks();
        if (attached == null || attached.isEmpty()) attached = s.getSpec().getNetworks();
        if (attached != null) attached.forEach(n -> nets.add(n.getTarget()));
        if (nets.isEmpty()) throw new IllegalStateException("service " + service + " joins no network a probe could join");
        return nets;
    }

    /** Every network of the stack (readiness probes reach every service from there). */
    SortedSet<String> allNetworks() {
        SortedSet<String> nets = new TreeSet<>();
        for (String svc : deployed.topology().services().keySet()) nets.addAll(networksOf(svc));
        return nets;
    }

    @Override
    public ExecResult probe(String service, String... command) {
        return probes.run(networksOf(service), EXEC_TIMEOUT, command);
    }

    ExecResult probeAll(Duration timeout, String... command) {
        return probes.run(allNetworks(), timeout, command);
    }

    /** Running tasks of a service (desired and actual state running). */
    List<Task> runningTasks(String service) {
        return managerClient().listTasksCmd().withServiceFilter(swarmName(service)).exec().stream()
                .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null
                        && t.getStatus().getState() == TaskState.RUNNING)
                .toList();
    }

    private SwarmMember nodeOf(Task task) {
        SwarmNode node = managerClient().listSwarmNodesCmd().withIdFilter(List.of(task.getNodeId())).exec().get(0);
        return cluster.nodeByHostname(node.getDescription().getHostname());
    }

    private static String containerOf(Task task) {
        return task.getStatus().getContainerStatus().getContainerID();
    }

    @Override
    public Optional<ExecResult> execInService(String service, String... command) {
        Task task = runningTasks(service).stream().findFirst().orElseThrow(
                () -> new IllegalStateException("service " + service + " has no running replica to exec in"));
        SwarmMember node = nodeOf(task);
        try {
            ExecResult r = NodeExec.run(node.client(), containerOf(task), EXEC_TIMEOUT, command);
            return r.executableMissing() ? Optional.empty() : Optional.of(r);
        } catch (RuntimeException e) {
            // the engine refuses to create the exec: the executable is not in the image
            if (ExecResult.notFound(e.getMessage())) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<String> replicaAddresses(String service) {
        swarmName(service);
        ExecResult r = probe(service, "getent", "ahostsv4", "tasks." + service);
        if (r.exitCode() == 2) return List.of(); // not found: no running replica
        if (!r.ok()) throw new IllegalStateException("probe getent tasks." + service + " failed: " + r.stderr().strip());
        LinkedHashSet<String> addresses = new LinkedHashSet<>();
        r.stdout().lines().map(l -> l.split("\\s+")[0]).filter(a -> !a.isBlank()).forEach(addresses::add);
        return List.copyOf(addresses);
    }

    @Override
    public int runningReplicas(String service) {
        return runningTasks(service).size();
    }

    /** Task ids: a restarted or replaced replica is a new task, even when it gets the old address. */
    @Override
    public List<String> replicaIds(String service) {
        return runningTasks(service).stream().map(Task::getId).sorted().toList();
    }

    /** The service's VIPs (Endpoint.VirtualIPs, the mask dropped); none in dnsrr mode. */
    @Override
    public List<String> virtualAddresses(String service) {
        Service s = managerClient().inspectServiceCmd(swarmName(service)).exec();
        if (s.getEndpoint() == null || s.getEndpoint().getVirtualIPs() == null) return List.of();
        List<String> out = new ArrayList<>();
        for (var vip : s.getEndpoint().getVirtualIPs()) {
            String addr = vip.getAddr();
            if (addr != null && !addr.isBlank()) out.add(addr.contains("/") ? addr.substring(0, addr.indexOf('/')) : addr);
        }
        return List.copyOf(out);
    }

    /** Task id to the hostname of the node it runs on (the names {@link SwarmCluster#nodes()} gives). */
    @Override
    public Map<String, String> replicaNodes(String service) {
        Map<String, String> hostnames = new java.util.HashMap<>();
        for (SwarmNode n : managerClient().listSwarmNodesCmd().exec()) {
            hostnames.put(n.getId(), n.getDescription() == null ? n.getId() : n.getDescription().getHostname());
        }
        Map<String, String> out = new java.util.TreeMap<>();
        for (Task t : runningTasks(service)) {
            out.put(t.getId(), hostnames.getOrDefault(t.getNodeId(), String.valueOf(t.getNodeId())));
        }
        return out;
    }

    @Override
    public Optional<String> replicaProblem(String service) {
        return managerClient().listTasksCmd().withServiceFilter(swarmName(service)).exec().stream()
                .filter(t -> t.getDesiredState() == TaskState.RUNNING && t.getStatus() != null
                        && t.getStatus().getState() != TaskState.RUNNING)
                .sorted(newestFirst())
                .findFirst()
                .map(t -> "task " + t.getStatus().getState().name().toLowerCase()
                        + (t.getStatus().getErr() == null ? "" : ": " + t.getStatus().getErr()));
    }

    /**
     * A task the scheduler cannot place ("no suitable node": constraints nobody satisfies, resources,
     * host-mode ports in use) never starts by itself. Seen for a few seconds in a row, so a task that
     * waits only for its predecessor to release a port or memory is not mistaken for one.
     */
    private boolean unschedulable(List<Task> wanted) {
        return wanted.stream().anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.PENDING
                && t.getStatus().getErr() != null && t.getStatus().getErr().contains("no suitable node"));
    }

    static final Duration UNSCHEDULABLE_FOR = Duration.ofSeconds(3);

    /** Desired replicas of a replicated service (0 for global services). */
    int desiredReplicas(String service) {
        Service s = managerClient().inspectServiceCmd(swarmName(service)).exec();
        var mode = s.getSpec().getMode();
        return mode == null || mode.getReplicated() == null ? 0 : (int) mode.getReplicated().getReplicas();
    }

    @Override
    public void scale(String service, int replicas) {
        cli("docker", "service", "scale", "--detach", swarmName(service) + "=" + replicas);
        awaitConverged(List.of(service), convergeTimeout());
    }

    private Duration convergeTimeout() {
        return cluster.settings().stackConvergeTimeout();
    }

    @Override
    public void killOneReplica(String service) {
        Task task = runningTasks(service).stream().findFirst().orElseThrow(
                () -> new IllegalStateException("service " + service + " has no running replica to kill"));
        nodeOf(task).client().killContainerCmd(containerOf(task)).exec();
        cluster.reporter().progress("killed replica " + task.getSlot() + " of " + service + " (container " + containerOf(task).substring(0, 12) + ")");
    }

    @Override
    public void restart(String service) {
        java.time.Instant since = java.time.Instant.now();
        cli("docker", "service", "update", "--force", "--detach", swarmName(service));
        awaitRollout(List.of(service), since, convergeTimeout());
        awaitConverged(List.of(service), convergeTimeout());
    }

    @Override
    public String logs(String service, int lines) {
        // `docker service logs` waits for every node that ever ran a task; after a node was stopped
        // it can hang for minutes, so diagnostics bound it.
        ExecResult r = cluster.manager().exec("timeout", "30", "docker", "service", "logs", "--no-trunc", "--tail",
                Integer.toString(lines), swarmName(service));
        return SecretMasker.mask(r.stdout() + r.stderr());
    }

    /** Each running task's container log, read from the task's own node engine. */
    @Override
    public Map<String, String> replicaLogs(String service, int lines) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Task task : runningTasks(service)) {
            StringBuilder text = new StringBuilder();
            try {
                nodeOf(task).client().logContainerCmd(containerOf(task)).withStdOut(true).withStdErr(true).withTail(lines)
                        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                            @Override
                            public void onNext(com.github.dockerjava.api.model.Frame f) {
                                text.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }).awaitCompletion(EXEC_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                text.append("(log not available: ").append(e.getMessage()).append(")");
            }
            out.put(swarmName(service) + "." + task.getSlot() + "." + task.getId(), SecretMasker.mask(text.toString()));
        }
        return out;
    }

    @Override
    public Diagnostics diagnostics() {
        Map<String, String> a = new LinkedHashMap<>();
        SwarmMember m = cluster.manager();
        a.put("nodes", text(m.exec("docker", "node", "ls")));
        a.put("services", text(m.exec("docker", "stack", "services", name)));
        a.put("tasks (with errors)", text(m.exec("docker", "stack", "ps", "--no-trunc",
                "--format", "table {{.Name}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}", name)));
        for (String svc : new TreeSet<>(deployed.topology().services().keySet())) {
            a.put("logs " + svc, logs(svc, 200));
        }
        a.put("stack.yml (applied)", deployed.appliedYaml());
        a.put("deploy-time adaptations", String.join("\n", deployed.adaptations()));
        Map<String, String> masked = new LinkedHashMap<>();
        a.forEach((k, v) -> masked.put(k, SecretMasker.mask(v)));
        return new Diagnostics(masked);
    }

    private static String text(ExecResult r) {
        return r.stdout() + (r.stderr().isBlank() ? "" : "\n" + r.stderr());
    }

    @Override
    public void apply(Path manifestsDir) {
        Map<String, String> before = serviceSpecs();
        java.time.Instant since = java.time.Instant.now();
        deployer.redeploy(this, manifestsDir);
        List<String> changed = changedSpecs(before, serviceSpecs());
        cluster.reporter().progress("applied " + manifestsDir + " to stack " + name + "; services whose spec changed: " + changed);
        awaitRollout(changed, since, convergeTimeout());
    }

    /**
     * Services whose spec differs (or that are new). Not the version index: {@code docker stack
     * deploy} sends an update for every service, which bumps every version even when the spec is
     * identical and swarm keeps the tasks.
     */
    static List<String> changedSpecs(Map<String, String> before, Map<String, String> after) {
        List<String> changed = new ArrayList<>();
        after.forEach((svc, spec) -> {
            if (!spec.equals(before.get(svc))) changed.add(svc);
        });
        return changed;
    }

    /** Manifest service name to its full spec as JSON (the CLI's view: every field, not docker-java's model). */
    Map<String, String> serviceSpecs() {
        List<String> cmd = new ArrayList<>(List.of("docker", "service", "inspect", "--format", "{{.Spec.Name}} {{json .Spec}}"));
        serviceVersions().keySet().forEach(s -> cmd.add(name + "_" + s));
        Map<String, String> specs = new java.util.TreeMap<>();
        if (cmd.size() == 5) return specs;
        for (String line : cli(cmd.toArray(String[]::new)).stdout().split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) continue;
            specs.put(line.substring(0, space).substring(name.length() + 1), line.substring(space + 1));
        }
        return specs;
    }

    /** Manifest service name to the swarm's spec version index. */
    Map<String, Long> serviceVersions() {
        Map<String, Long> v = new LinkedHashMap<>();
        for (Service s : managerClient().listServicesCmd()
                .withLabelFilter(Map.of("com.docker.stack.namespace", name)).exec()) {
            v.put(s.getSpec().getName().substring(name.length() + 1), s.getVersion().getIndex());
        }
        return v;
    }

    /**
     * Waits until the rollout of {@code services} finished: no update in progress and every task
     * the swarm wants running is running or has failed (a broken variant may never become healthy).
     */
    void awaitRollout(List<String> services, java.time.Instant since, Duration timeout) {
        Stopwatch total = Stopwatch.start();
        for (String service : services) {
            RolloutWatch watch = new RolloutWatch(service, since);
            remaining(timeout, total).until(watch::notRolledOut, last -> new IllegalStateException("rollout of " + service
                    + " did not finish within " + timeout + ": " + readiness.describeService(service)));
        }
    }

    /** A wait for what is left of {@code timeout} (one deadline for several services; always one poll). */
    private static Waits remaining(Duration timeout, Stopwatch total) {
        Duration left = timeout.minus(total.elapsed());
        return Waits.atMost(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
    }

    /** The state of one service's rollout, polled until it finished (or can never finish). */
    private final class RolloutWatch {
        private final String service;
        private final java.time.Instant since;
        private Stopwatch unschedulableFor;

        RolloutWatch(String service, java.time.Instant since) {
            this.service = service;
            this.since = since;
        }

        /** Null once the rollout is over: settled, failed, scaled to zero, or unschedulable for a while. */
        String notRolledOut() {
            Service s = managerClient().inspectServiceCmd(swarmName(service)).exec();
            boolean updating = s.getUpdateStatus() != null && s.getUpdateStatus().getState() != null
                    && s.getUpdateStatus().getState().name().equalsIgnoreCase("UPDATING");
            List<Task> tasks = managerClient().listTasksCmd().withServiceFilter(swarmName(service)).exec();
            List<Task> wanted = tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).toList();
            boolean settled = !wanted.isEmpty() && wanted.stream().allMatch(t -> t.getStatus() != null
                    && (t.getStatus().getState() == TaskState.RUNNING || t.getStatus().getState() == TaskState.FAILED
                    || t.getStatus().getState() == TaskState.REJECTED));
            // a crash-looping replica (failed, restarted, failing again) has rolled out too: it failed
            boolean anyFailed = tasks.stream().anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.FAILED
                    && t.getCreatedAt() != null && java.time.Instant.parse(t.getCreatedAt()).isAfter(since));
            boolean scaledToZero = wanted.isEmpty() && desiredReplicas(service) == 0;
            if (!updating && (settled || anyFailed || scaledToZero)) return null;
            // Every replica wanted is a new task and runs (or failed): rolled out. Swarm still says
            // "updating" for its monitor period (5 s by default) after the last task started; waiting
            // that out costs every apply 5 s and proves nothing a running new task does not.
            boolean allNew = !wanted.isEmpty() && wanted.stream().allMatch(t -> t.getCreatedAt() != null
                    && java.time.Instant.parse(t.getCreatedAt()).isAfter(since));
            if (allNew && settled) return null;
            // the update stays "updating" while its new task waits for a node that will never come:
            // the rollout is over (it failed), as for a failed task
            if (unschedulable(wanted)) {
                if (unschedulableFor == null) unschedulableFor = Stopwatch.start();
                if (unschedulableFor.elapsed().compareTo(UNSCHEDULABLE_FOR) >= 0) {
                    cluster.reporter().progress("rollout of " + service + " cannot finish: "
                            + replicaProblem(service).orElse("task pending"));
                    return null;
                }
            } else {
                unschedulableFor = null;
            }
            return "rolling out";
        }
    }

    /** Waits until every listed service runs exactly its desired replicas. */
    void awaitConverged(List<String> services, Duration timeout) {
        Stopwatch total = Stopwatch.start();
        for (String service : services) {
            remaining(timeout, total).until(() -> readiness.notConverged(service),
                    why -> new IllegalStateException("service " + service + " did not converge within " + timeout + ": " + why));
        }
    }

    @Override
    public void awaitReady(Duration timeout) {
        readiness.await(timeout);
    }

    private volatile String exitedDuringBringUp = "not deployed yet";

    /** Tasks that ended on their own while the stack came up (see {@link SwarmReadiness#bringUp}). */
    public String exitedDuringBringUp() {
        return exitedDuringBringUp;
    }

    void recordBringUp(String exited) {
        this.exitedDuringBringUp = exited;
    }

    SwarmReadiness readiness() {
        return readiness;
    }

    /** Runs the docker CLI in the manager node; a non-zero exit is an error naming the command. */
    ExecResult cli(String... command) {
        ExecResult r = cluster.manager().exec(command);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exitCode() + "): "
                    + SecretMasker.mask(r.stderr().strip()));
        }
        return r;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        probes.close();
        try {
            cluster.manager().exec("docker", "stack", "rm", name);
        } catch (RuntimeException ignored) {
            // the cluster may already be gone
        }
    }

    static Comparator<Task> newestFirst() {
        return Comparator.comparing((Task t) -> String.valueOf(t.getStatus() == null ? "" : t.getStatus().getTimestamp())).reversed();
    }
}
