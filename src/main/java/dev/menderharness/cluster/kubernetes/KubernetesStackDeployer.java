package dev.menderharness.cluster.kubernetes;

import dev.menderharness.cluster.Cluster;
import dev.menderharness.cluster.Diagnostics;
import dev.menderharness.cluster.StackDeployException;
import dev.menderharness.manifest.SourceRef;
import dev.menderharness.manifest.Topology;
import dev.menderharness.stack.DeployTimeSettings;
import dev.menderharness.stack.ReadinessCheck;
import dev.menderharness.support.Reporter;
import dev.menderharness.support.Waits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Deploys a manifests directory to a Kubernetes cluster: kustomize-lite build, deploy-time edits
 * (image policy, gateway MENDER_EXTERNAL_URL, namespace and run label), deploy-time Secrets, a
 * fresh namespace labelled with the run id, a server-side dry run of every object (all rejections
 * in one failure), apply in dependency order, rollout wait, then the health and gateway probes.
 * On any failure the namespace is deleted and the failure carries its diagnostics ({@link StackDeployException}).
 */
public final class KubernetesStackDeployer {

    public static final String PROBE_POD = "mender-harness-probe";
    static final String FIELD_SOURCE = "<deploy-time>";

    /** Timeouts of one deployer; tests shorten them. */
    public record Settings(Duration rolloutTimeout, Duration readyTimeout, Duration poll, Duration execTimeout,
                           Duration namespaceDeleteWait) {
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(2),
                    Duration.ofSeconds(30), Duration.ofSeconds(90));
        }
    }

    /** Objects ready to send, and the topology they describe. */
    record Prepared(List<ManifestObject> objects, Topology topology) {
        List<String> workloadNames() {
            return objects.stream().filter(o -> o.object() instanceof Deployment || o.object() instanceof StatefulSet)
                    .map(ManifestObject::name).toList();
        }
    }

    private final KubernetesClient client;
    private final String runId;
    private final UnaryOperator<String> imagePolicy;
    private final String probeImage;
    private final Supplier<List<Secret>> deploySecrets;
    private final ReadinessCheck readiness;
    private final Settings settings;
    private final Reporter reporter;
    private java.util.function.Consumer<java.util.Set<String>> imageLoader = images -> { };
    private List<Path> helmValues = List.of();
    private List<String> helmSet = List.of();

    public KubernetesStackDeployer(KubernetesClient client, String runId, UnaryOperator<String> imagePolicy,
                                   String probeImage, Supplier<List<Secret>> deploySecrets, ReadinessCheck readiness,
                                   Settings settings, Reporter reporter) {
        this.reporter = reporter;
        this.client = client;
        this.runId = runId;
        this.imagePolicy = imagePolicy;
        this.probeImage = probeImage;
        this.deploySecrets = deploySecrets;
        this.readiness = readiness;
        this.settings = settings;
    }

    /** Called with every image (after the policy) before objects are applied: k3s loads them from the host. */
    public KubernetesStackDeployer withImageLoader(java.util.function.Consumer<java.util.Set<String>> loader) {
        this.imageLoader = loader;
        return this;
    }

    /** Values files and --set pairs for a manifests directory that is a Helm chart ({@code -Dhelm.values}, {@code -Dhelm.set}). */
    public KubernetesStackDeployer withHelm(List<Path> values, List<String> sets) {
        this.helmValues = List.copyOf(values);
        this.helmSet = List.copyOf(sets);
        return this;
    }

    void loadImages(List<ManifestObject> objects) {
        java.util.Set<String> images = new java.util.LinkedHashSet<>();
        for (ManifestObject o : objects) {
            PodSpecs.spec(o.object()).ifPresent(spec -> PodSpecs.allContainers(spec).forEach(c -> images.add(c.getImage())));
        }
        images.add(imagePolicy.apply(probeImage));
        imageLoader.accept(images);
    }

    KubernetesClient client() {
        return client;
    }

    Settings settings() {
        return settings;
    }

    Reporter reporter() {
        return reporter;
    }

    Rollouts rollouts(String namespace) {
        return new Rollouts(new Workloads(client, namespace));
    }

    /** Why {@code dir} holds no Kubernetes form this deployer reads (a kustomization or kubernetes/), else empty. */
    static Optional<String> manifestProblem(Path dir) {
        if (dev.menderharness.manifest.HelmChart.isChart(dir)) return Optional.empty();
        for (String n : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (java.nio.file.Files.isRegularFile(dir.resolve(n))) return Optional.empty();
        }
        return java.nio.file.Files.isDirectory(dir.resolve("kubernetes")) ? Optional.empty()
                : Optional.of(dir + ": neither Chart.yaml, kustomization.yaml nor kubernetes/ found (the Kubernetes form of the manifests)");
    }

    /** {@code mh-<runId>-<stack>}, cut to a valid DNS-1123 label. */
    public static String namespaceFor(String runId, String stackName) {
        String n = ("mh-" + runId + "-" + stackName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (n.length() > 63) n = n.substring(0, 63);
        return n.replaceAll("-+$", "");
    }

    /** Deploys {@code manifestsDir} into a fresh namespace and waits until ready. */
    KubernetesRunningStack deploy(Cluster cluster, Path manifestsDir, String stackName, GatewayAccess access) {
        String namespace = namespaceFor(runId, stackName);
        Prepared prepared = prepare(manifestsDir, namespace, access.plannedHttpsUrl());
        createNamespace(namespace);
        KubernetesRunningStack stack = new KubernetesRunningStack(this, cluster, stackName, namespace, access,
                prepared.topology(), prepared.objects());
        try {
            loadImages(prepared.objects());
            dryRunAndApply(namespace, prepared.objects());
            startProbePod(namespace);
            awaitReady(stack, prepared.workloadNames(), settings.readyTimeout());
            return stack;
        } catch (RuntimeException e) {
            Diagnostics diagnostics = stack.diagnostics();
            stack.close();
            throw new StackDeployException(e.getMessage(), diagnostics, e);
        }
    }

    /** Reads and edits the objects for {@code namespace}; no call to the cluster. */
    Prepared prepare(Path manifestsDir, String namespace, String externalHttpsUrl) {
        List<ManifestObject> objects = new ArrayList<>();
        List<ManifestObject> read = dev.menderharness.manifest.HelmChart.isChart(manifestsDir)
                ? ChartObjects.build(manifestsDir, helmValues, helmSet) : KustomizeLite.build(manifestsDir);
        for (ManifestObject o : read) {
            if (o.object() instanceof Namespace) {
                reporter.progress(o.id() + " (" + o.source() + ") skipped: the harness deploys into its own namespace " + namespace);
            } else {
                objects.add(o);
            }
        }
        for (Secret s : deploySecrets.get()) {
            objects.add(new ManifestObject(s, new SourceRef(Path.of(FIELD_SOURCE), 0)));
        }
        List<String> settings = new ArrayList<>();
        DeployTimeEdits.applyImagePolicy(objects, imagePolicy).forEach(l -> settings.add("image policy: " + l));
        DeployTimeEdits.setGatewayExternalUrl(objects, externalHttpsUrl)
                .ifPresentOrElse(l -> settings.add("gateway: " + l),
                        () -> reporter.progress("no gateway (nginx) workload found: MENDER_EXTERNAL_URL not set"));
        DeployTimeSettings.report(reporter, namespace, settings);
        DeployTimeEdits.placeInNamespace(objects, namespace, runId, reporter);
        List<ManifestObject> sorted = ApplyOrder.sort(objects);
        return new Prepared(sorted, KubernetesTopology.of(manifestsDir, sorted));
    }

    void createNamespace(String namespace) {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of(DeployTimeEdits.RUN_LABEL, runId)).endMetadata().build();
        client.resource(ns).create();
        reporter.progress("created namespace " + namespace);
    }

    void dryRunAndApply(String namespace, List<ManifestObject> objects) {
        ServerApplier applier = new ServerApplier(client, namespace);
        reporter.step("server-side dry run of " + objects.size() + " objects in " + namespace, () -> applier.dryRun(objects));
        reporter.step("apply " + objects.size() + " objects to " + namespace, () -> applier.apply(objects));
    }

    private void startProbePod(String namespace) {
        Pod probe = new PodBuilder().withNewMetadata().withName(PROBE_POD).withNamespace(namespace)
                .withLabels(Map.of(DeployTimeEdits.RUN_LABEL, runId, "app.kubernetes.io/name", PROBE_POD)).endMetadata()
                .withNewSpec().addNewContainer().withName("probe").withImage(imagePolicy.apply(probeImage))
                .withCommand("sleep", "infinity").endContainer().withTerminationGracePeriodSeconds(0L).endSpec().build();
        client.resource(probe).inNamespace(namespace).create();
    }

    /** Rollouts available, then the readiness probes pass; else a timeout naming what is not ready. */
    void awaitReady(KubernetesRunningStack stack, List<String> workloads, Duration timeout) {
        reporter.step("await ready: " + stack.namespace(), () -> Waits.atMost(timeout).every(settings.poll()).until(() -> {
            for (String w : workloads) {
                Optional<HasMetadata> live = new Workloads(client, stack.namespace()).find(w);
                Optional<String> p = live.isEmpty() ? Optional.of(w + ": workload does not exist")
                        : rollouts(stack.namespace()).pending(live.get());
                if (p.isPresent()) return p.get();
            }
            return readiness.notReady(stack).orElse(null);
        }, why -> new RolloutTimeoutException("stack " + stack.name() + " (namespace " + stack.namespace()
                + ") not ready after " + timeout.toSeconds() + "s: " + why)));
    }

    void deleteNamespace(String namespace) {
        try {
            client.namespaces().withName(namespace).delete();
            if (!settings.namespaceDeleteWait().isZero()) {
                client.namespaces().withName(namespace).waitUntilCondition(n -> n == null,
                        settings.namespaceDeleteWait().toMillis(), TimeUnit.MILLISECONDS);
            }
            reporter.progress("deleted namespace " + namespace);
        } catch (RuntimeException e) {
            reporter.progress("namespace " + namespace + " not deleted cleanly: " + YamlDocuments.firstLine(e.getMessage()));
        }
    }
}
