package dev.menderharness.support;

/**
 * Every system property and environment variable the harness reads, with its default and what it
 * does. {@link Settings} reads them once at the start of a run; nothing else in the harness reads
 * the JVM's properties or environment (the architecture test holds that). The README's settings
 * table lists these rows (a test holds that too).
 */
public enum Setting {
    CLUSTER(Source.PROPERTY, "cluster", "swarm",
            "Cluster provider: swarm (throwaway DinD swarm), docker-host, k3s, kubeconfig."),
    CLUSTER_REQUIRED(Source.PROPERTY, "cluster.required", "false",
            "true: a cluster that cannot start on this host fails the run instead of aborting its suites (CI that must test)."),
    MANIFESTS_DIR(Source.PROPERTY, "manifests.dir", "manifests",
            "Manifests directory every live check runs against."),
    IMAGE_POLICY(Source.PROPERTY, "image.policy", "upstream",
            "How manifest images map to deployed images: upstream, mirror, fixture."),
    IMAGE_MIRROR(Source.PROPERTY, "image.mirror", "",
            "Registry prefix for image.policy=mirror, e.g. registry.example.com/dockerhub/."),
    PROJECT_DIR(Source.PROPERTY, "project.basedir", "",
            "Project directory (fixtures/images, target/); default: the working directory."),
    SWARM_WORKERS(Source.PROPERTY, "swarm.workers", "2",
            "Worker nodes of the DinD swarm besides the manager."),
    SWARM_NODE_SEED(Source.PROPERTY, "swarm.node-seed", "on",
            "off: DinD nodes start from the plain node image and every image is loaded (no node seed)."),
    SWARM_NODE_VOLUME(Source.PROPERTY, "swarm.node-volume", "tmpfs",
            "Where DinD nodes keep their data roots: tmpfs (memory) or disk."),
    SWARM_IPVS(Source.PROPERTY, "swarm.ipvs", "auto",
            "Whether swarm nodes have IPVS (service VIPs, ingress mesh): auto (look in a node), on, off."),
    STACK_READY_TIMEOUT(Source.PROPERTY, "stack.readyTimeoutSeconds", "300",
            "Seconds a deployed stack may take to become ready (converged, healthy, gateway answering)."),
    STACK_CONVERGE_TIMEOUT(Source.PROPERTY, "stack.convergeTimeoutSeconds", "180",
            "Seconds a scale, restart or redeploy may take to converge."),
    BENCHMARKS_DIR(Source.PROPERTY, "benchmarks.dir", "",
            "Where benchmark JSON is written; default: target/benchmarks of the project directory."),
    DIAGNOSTICS_DIR(Source.PROPERTY, "diagnostics.dir", "",
            "Where failure diagnostics are written; default: target/diagnostics of the project directory."),
    STATE_DIR(Source.PROPERTY, "harness.state-dir", "",
            "Where up records the runs it keeps (for down); default: ~/.mender-cluster-harness/runs."),
    HELM_VALUES(Source.PROPERTY, "helm.values", "",
            "A Helm chart in the manifests: values files, comma-separated, as helm --values (validate and deploy)."),
    HELM_SET(Source.PROPERTY, "helm.set", "",
            "A Helm chart in the manifests: KEY=VALUE pairs, comma-separated, as helm --set (validate and deploy)."),
    DOCKER_HOST_IMAGES_FROM(Source.PROPERTY, "docker-host.images-from", "unix:///var/run/docker.sock",
            "cluster=docker-host with fixture images: the engine the fixture images were built on."),
    ALLURE_RESULTS_DIR(Source.PROPERTY, "allure.results.directory", "allure-results",
            "Where Allure results go (the pom sets target/allure-results); also read by Allure itself."),
    DOCKER_HOST(Source.ENVIRONMENT, "DOCKER_HOST", "",
            "The Docker engine (unix:// or tcp://); cluster=docker-host: the existing swarm's manager."),
    DOCKER_CLI(Source.ENVIRONMENT, "MENDER_HARNESS_DOCKER", "docker",
            "The docker command used for image builds (docker build, save)."),
    CI_SERVER_URL(Source.ENVIRONMENT, "GITHUB_SERVER_URL", "",
            "Set by GitHub Actions; with GITHUB_REPOSITORY and GITHUB_RUN_ID the report links the CI run."),
    CI_REPOSITORY(Source.ENVIRONMENT, "GITHUB_REPOSITORY", "",
            "Set by GitHub Actions (owner/name)."),
    CI_RUN_ID(Source.ENVIRONMENT, "GITHUB_RUN_ID", "",
            "Set by GitHub Actions (the workflow run).");

    /** Where a setting comes from: {@code -Dname=value} or the environment. */
    public enum Source {
        PROPERTY, ENVIRONMENT
    }

    private final Source source;
    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(Source source, String key, String defaultValue, String description) {
        this.source = source;
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public Source source() {
        return source;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** As a user writes it: {@code -Dcluster} or {@code DOCKER_HOST}. */
    public String spelled() {
        return source == Source.PROPERTY ? "-D" + key : key;
    }
}
