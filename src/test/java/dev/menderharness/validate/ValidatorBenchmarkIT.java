package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark of {@code java -jar target/mender-cluster-harness.jar validate}, JVM start included
 * (a subprocess per run, median of several): the reference under 1 s, a generated set of 1,000
 * Kubernetes resources under 3 s, and a generated Helm chart of the official Mender chart's size
 * ({@link BenchmarkChart}: rendered in-process by helm-java, hooks included, then validated) under
 * 3 s. Runs in failsafe (after {@code package} made the jar) and writes target/benchmarks/validator.json
 * before asserting, so the numbers are kept even when a target is missed.
 */
class ValidatorBenchmarkIT {
    private static final int RUNS = 5;
    private static final long REFERENCE_TARGET_MS = 1000;
    private static final long CHART_TARGET_MS = 3000;
    private static final long GENERATED_TARGET_MS = 3000;
    private static final int GENERATED_RESOURCES = 1000;

    @Test
    void validateIsFastWithJvmStartIncluded(@TempDir Path tmp) throws Exception {
        Path basedir = Path.of(System.getProperty("project.basedir", "."));
        Path jar = basedir.resolve("target/mender-cluster-harness.jar");
        Path reference = Path.of(System.getProperty("manifests.dir", basedir.resolve("manifests").toString()));
        assertThat(jar).as("run after mvn package").exists();

        Path generated = generate(tmp.resolve("generated"), GENERATED_RESOURCES);
        Path chart = BenchmarkChart.write(tmp.resolve("chart"));
        run(jar, reference, new ArrayList<>()); // warm the OS file cache; not counted
        run(jar, chart, new ArrayList<>()); // the first run unpacks helm's native library; not counted
        List<Long> referenceRuns = new ArrayList<>();
        List<Long> generatedRuns = new ArrayList<>();
        List<Long> referenceCpu = new ArrayList<>();
        List<Long> generatedCpu = new ArrayList<>();
        List<Long> chartRuns = new ArrayList<>();
        List<Long> chartCpu = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            referenceRuns.add(timed(jar, reference, 0, referenceCpu));
            generatedRuns.add(timed(jar, generated, 0, generatedCpu));
            chartRuns.add(timed(jar, chart, 0, chartCpu));
        }
        long refMedian = median(referenceRuns);
        long genMedian = median(generatedRuns);
        long chartMedian = median(chartRuns);

        Path out = basedir.resolve("target/benchmarks/validator.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "{\n"
                + "  \"benchmark\": \"validator\",\n"
                + "  \"command\": \"java -jar target/mender-cluster-harness.jar validate DIR\",\n"
                + "  \"jvm_start_included\": true,\n"
                + "  \"java\": \"" + System.getProperty("java.version") + "\",\n"
                + "  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n"
                + "  \"load_average\": " + loadAverage() + ",\n"
                + "  \"reference\": {\"dir\": \"" + reference.toString().replace("\\", "/") + "\", \"runs_ms\": " + referenceRuns
                + ", \"median_ms\": " + refMedian + ", \"cpu_ms_approx\": " + referenceCpu + ", \"target_ms\": " + REFERENCE_TARGET_MS + ", \"met\": " + (refMedian < REFERENCE_TARGET_MS) + "},\n"
                + "  \"generated\": {\"resources\": " + GENERATED_RESOURCES + ", \"runs_ms\": " + generatedRuns
                + ", \"median_ms\": " + genMedian + ", \"cpu_ms_approx\": " + generatedCpu + ", \"target_ms\": " + GENERATED_TARGET_MS + ", \"met\": " + (genMedian < GENERATED_TARGET_MS) + "},\n"
                + "  \"helm_chart\": {\"what\": \"generated chart of the official chart's size: render (helm-java, hooks) + validate\", \"runs_ms\": " + chartRuns
                + ", \"median_ms\": " + chartMedian + ", \"cpu_ms_approx\": " + chartCpu + ", \"target_ms\": " + CHART_TARGET_MS + ", \"met\": " + (chartMedian < CHART_TARGET_MS) + "}\n"
                + "}\n", StandardCharsets.UTF_8);

        assertThat(refMedian).as("median ms validating the reference, runs %s", referenceRuns).isLessThan(REFERENCE_TARGET_MS);
        assertThat(genMedian).as("median ms validating %d resources, runs %s", GENERATED_RESOURCES, generatedRuns).isLessThan(GENERATED_TARGET_MS);
        assertThat(chartMedian).as("median ms rendering and validating the benchmark chart, runs %s", chartRuns).isLessThan(CHART_TARGET_MS);
    }

    private static long timed(Path jar, Path dir, int expectedExit, List<Long> cpu) throws Exception {
        long t0 = System.nanoTime();
        int exit = run(jar, dir, cpu);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(exit).as("validate %s exit code", dir).isEqualTo(expectedExit);
        return ms;
    }

    /**
     * Runs validate once. CPU time is sampled while the child lives (the last ~20 ms are missed), so a
     * reader can tell a slow machine (wall >> CPU: other load) from a slow validator.
     */
    private static int run(Path jar, Path dir, List<Long> cpu) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "validate", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long cpuMs = -1;
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            cpuMs = p.info().totalCpuDuration().map(d -> d.toMillis()).orElse(cpuMs);
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("validate did not finish within 60 s");
            }
        }
        cpu.add(cpuMs);
        return p.exitValue();
    }

    private static long median(List<Long> runs) {
        List<Long> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "null";
        }
    }

    /**
     * {@code count} valid Kubernetes resources: groups of Service, Deployment, ConfigMap, Secret and
     * PVC, each Deployment calling the next group's Service through a ConfigMap URL (so the address,
     * selector and port rules have real work), listed by a kustomization.
     */
    static Path generate(Path dir, int count) throws IOException {
        Path k = Files.createDirectories(dir.resolve("kubernetes"));
        int groups = count / 5;
        StringBuilder kustomization = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        for (int i = 0; i < groups; i++) {
            String n = "svc-" + i;
            String next = "svc-" + ((i + 1) % groups);
            String yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + n + "\nspec:\n  selector:\n    app: " + n
                    + "\n  ports:\n    - name: http\n      port: 8080\n      targetPort: http\n---\n"
                    + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + n + "-config\ndata:\n  UPSTREAM_URL: http://" + next
                    + ":8080/api\n  LOG_LEVEL: info\n---\n"
                    + "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + n + "-secret\ntype: Opaque\ndata:\n  TOKEN: c2VjcmV0\n---\n"
                    + "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: " + n + "-data\nspec:\n  accessModes: [ReadWriteOnce]\n"
                    + "  resources:\n    requests:\n      storage: 1Gi\n---\n"
                    + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + n + "\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n"
                    + "      app: " + n + "\n  template:\n    metadata:\n      labels:\n        app: " + n + "\n    spec:\n      containers:\n"
                    + "        - name: app\n          image: example/app-" + i + ":1.0." + i + "\n          envFrom:\n            - configMapRef:\n"
                    + "                name: " + n + "-config\n          env:\n            - name: TOKEN\n              valueFrom:\n"
                    + "                secretKeyRef:\n                  name: " + n + "-secret\n                  key: TOKEN\n"
                    + "            - name: PEER\n              value: " + next + ":8080\n          ports:\n            - name: http\n"
                    + "              containerPort: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n"
                    + "              port: http\n";
            Files.writeString(k.resolve(n + ".yaml"), yaml, StandardCharsets.UTF_8);
            kustomization.append("  - kubernetes/").append(n).append(".yaml\n");
        }
        Files.writeString(dir.resolve("kustomization.yaml"), kustomization.toString(), StandardCharsets.UTF_8);
        return dir;
    }
}
