package dev.menderharness.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The harness's settings, read once at the start of a run from system properties and the
 * environment ({@link Setting} lists them all), then passed to whatever needs them. A CLI command
 * turns its options into overrides ({@link #with}) instead of setting system properties.
 */
public final class Settings {

    private final Map<Setting, String> values;
    private final Map<Setting, Boolean> explicit;
    private final Map<String, String> environment;

    private Settings(Map<Setting, String> values, Map<Setting, Boolean> explicit, Map<String, String> environment) {
        this.values = values;
        this.explicit = explicit;
        this.environment = environment;
    }

    /** This JVM's system properties and environment. */
    public static Settings fromEnvironment() {
        return from(System.getProperties(), System.getenv());
    }

    /** From the given properties and environment; blank values count as unset. */
    public static Settings from(Properties properties, Map<String, String> environment) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, Boolean> explicit = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = s.source() == Setting.Source.PROPERTY ? properties.getProperty(s.key()) : environment.get(s.key());
            boolean given = v != null && !v.isBlank();
            values.put(s, given ? v.strip() : s.defaultValue());
            explicit.put(s, given);
        }
        return new Settings(values, explicit, Map.copyOf(environment));
    }

    /** Defaults only (tests, and callers that take no settings from the outside). */
    public static Settings defaults() {
        return from(new Properties(), Map.of());
    }

    /** A copy with {@code setting} set to {@code value} (a CLI option); null keeps the current value. */
    public Settings with(Setting setting, String value) {
        if (value == null) return this;
        Map<Setting, String> v = new EnumMap<>(values);
        Map<Setting, Boolean> e = new EnumMap<>(explicit);
        v.put(setting, value.strip());
        e.put(setting, true);
        return new Settings(v, e, environment);
    }

    /**
     * The whole environment the run started with: Compose files interpolate {@code ${VAR}} from it
     * (the one place the harness hands the environment on, rather than single settings).
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** {@code -Dhelm.values}: values files for a Helm chart in the manifests. */
    public List<Path> helmValues() {
        List<Path> out = new ArrayList<>();
        for (String v : get(Setting.HELM_VALUES).split(",")) if (!v.isBlank()) out.add(Path.of(v.strip()));
        return out;
    }

    /** {@code -Dhelm.set}: KEY=VALUE pairs, split at each comma that starts another KEY= (a value may hold commas). */
    public List<String> helmSet() {
        List<String> out = new ArrayList<>();
        for (String v : get(Setting.HELM_SET).split(",(?=[^,=]+=)")) if (!v.isBlank()) out.add(v.strip());
        return out;
    }

    public String get(Setting setting) {
        return values.get(setting);
    }

    /** Whether the value was given (property, environment or override) rather than defaulted. */
    public boolean isSet(Setting setting) {
        return explicit.get(setting);
    }

    public String cluster() {
        return get(Setting.CLUSTER);
    }

    /** Whether a cluster that cannot run here fails the run ({@code -Dcluster.required=true}) rather than aborting it. */
    public boolean clusterRequired() {
        return Boolean.parseBoolean(get(Setting.CLUSTER_REQUIRED));
    }

    public Path manifestsDir() {
        return Path.of(get(Setting.MANIFESTS_DIR));
    }

    public String imagePolicy() {
        return get(Setting.IMAGE_POLICY);
    }

    public String imageMirror() {
        return get(Setting.IMAGE_MIRROR);
    }

    /** The project directory: {@code -Dproject.basedir}, else the working directory. */
    public Path projectDir() {
        return isSet(Setting.PROJECT_DIR) ? Path.of(get(Setting.PROJECT_DIR)) : Path.of("").toAbsolutePath();
    }

    public int swarmWorkers() {
        return integer(Setting.SWARM_WORKERS);
    }

    public boolean swarmNodeSeed() {
        return !"off".equals(get(Setting.SWARM_NODE_SEED));
    }

    public String swarmNodeVolume() {
        return get(Setting.SWARM_NODE_VOLUME);
    }

    /** {@code auto}, {@code on} or {@code off}. */
    public String swarmIpvs() {
        String v = get(Setting.SWARM_IPVS);
        if (!List.of("auto", "on", "off").contains(v)) {
            throw new IllegalArgumentException(Setting.SWARM_IPVS.spelled() + "=" + v + ": expected auto, on or off");
        }
        return v;
    }

    public Duration stackReadyTimeout() {
        return Duration.ofSeconds(integer(Setting.STACK_READY_TIMEOUT));
    }

    public Duration stackConvergeTimeout() {
        return Duration.ofSeconds(integer(Setting.STACK_CONVERGE_TIMEOUT));
    }

    public Path benchmarksDir() {
        return isSet(Setting.BENCHMARKS_DIR) ? Path.of(get(Setting.BENCHMARKS_DIR))
                : projectDir().resolve("target").resolve("benchmarks");
    }

    public Path diagnosticsDir() {
        return isSet(Setting.DIAGNOSTICS_DIR) ? Path.of(get(Setting.DIAGNOSTICS_DIR))
                : projectDir().resolve("target").resolve("diagnostics");
    }

    /** Where {@code up} records kept runs: {@code -Dharness.state-dir}, else {@code ~/.mender-cluster-harness/runs}. */
    public Path stateDir() {
        return isSet(Setting.STATE_DIR) ? Path.of(get(Setting.STATE_DIR))
                : Path.of(System.getProperty("user.home"), ".mender-cluster-harness", "runs");
    }

    /** Where Allure results are written ({@code -Dallure.results.directory}). */
    public Path allureResultsDir() {
        return Path.of(get(Setting.ALLURE_RESULTS_DIR));
    }

    /** The CI run's web page, when the run is a GitHub Actions job. */
    public java.util.Optional<String> ciRunUrl() {
        if (get(Setting.CI_RUN_ID).isEmpty() || get(Setting.CI_REPOSITORY).isEmpty()) return java.util.Optional.empty();
        String server = get(Setting.CI_SERVER_URL).isEmpty() ? "https://github.com" : get(Setting.CI_SERVER_URL);
        return java.util.Optional.of(server + "/" + get(Setting.CI_REPOSITORY) + "/actions/runs/" + get(Setting.CI_RUN_ID));
    }

    public URI dockerHostImagesFrom() {
        return URI.create(get(Setting.DOCKER_HOST_IMAGES_FROM));
    }

    /** {@code DOCKER_HOST}, or empty when unset. */
    public String dockerHost() {
        return get(Setting.DOCKER_HOST);
    }

    public String dockerCli() {
        return get(Setting.DOCKER_CLI);
    }

    /** One line per setting, {@code -Dcluster=swarm (default)}, for the start of a run's log. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Setting s : Setting.values()) {
            String v = values.get(s);
            lines.add(s.spelled() + "=" + (v.isEmpty() ? "(unset)" : SecretMasker.mask(v))
                    + (explicit.get(s) ? "" : " (default)"));
        }
        return lines;
    }

    /** The settings given explicitly (not defaulted), one "-Dname=value" each, secrets masked. */
    public List<String> describeGiven() {
        return describe().stream().filter(l -> !l.endsWith(" (default)")).toList();
    }

    private int integer(Setting s) {
        try {
            return Integer.parseInt(get(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.spelled() + "=" + get(s) + ": expected a whole number");
        }
    }
}
