package dev.menderharness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menderharness.support.SecretMasker;
import dev.menderharness.support.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the report says about the run itself, in the Allure results directory: the environment
 * widget (environment.properties: cluster kind, image policy, Mender and harness versions, the
 * manifests and their commit), who ran it (executor.json: this machine or the CI job), and the
 * categories failures are sorted into (categories.json: gateway, DNS, storage, scaling, recovery,
 * bring-up, aborted preconditions). Several JVMs of one build add to the same environment file.
 */
public final class RunEnvironment {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path resultsDir;

    public RunEnvironment(Path resultsDir) {
        this.resultsDir = resultsDir;
    }

    /** What every run writes: categories, executor, and the environment the settings tell. */
    public void writeBase(Settings settings) {
        try (InputStream in = RunEnvironment.class.getResourceAsStream("categories.json")) {
            Files.createDirectories(resultsDir);
            Files.write(resultsDir.resolve("categories.json"), in.readAllBytes());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot write the report's categories into " + resultsDir + ": " + e, e);
        }
        Map<String, Object> executor = new LinkedHashMap<>();
        executor.put("name", settings.ciRunUrl().isPresent() ? "GitHub Actions" : "mvn verify on " + hostName());
        executor.put("type", settings.ciRunUrl().isPresent() ? "github" : "local");
        executor.put("reportName", "mender-cluster-harness " + harnessVersion());
        settings.ciRunUrl().ifPresent(url -> {
            executor.put("buildUrl", url);
            executor.put("buildName", url.substring(url.lastIndexOf('/') + 1));
        });
        write("executor.json", executor);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("harness.version", harnessVersion());
        env.put("cluster.provider", settings.cluster());
        env.put("image.policy", settings.imagePolicy());
        env.put("manifests.dir", settings.manifestsDir().toAbsolutePath().normalize().toString());
        env.put("manifests.commit", commitOf(settings.manifestsDir()));
        env.put("java", Runtime.version().toString());
        add(env);
    }

    /** Adds (or replaces) entries of environment.properties, keeping the others. */
    public synchronized void add(Map<String, String> entries) {
        Path file = resultsDir.resolve("environment.properties");
        Properties props = new Properties();
        try {
            Files.createDirectories(resultsDir);
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(r);
                }
            }
            entries.forEach((k, v) -> props.setProperty(k, SecretMasker.mask(v)));
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (var e : new TreeMap<>(props).entrySet()) {
                    w.write(escape(e.getKey().toString()) + "=" + escape(e.getValue().toString()) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
    }

    private void write(String name, Object value) {
        try {
            Files.createDirectories(resultsDir);
            JSON.writeValue(resultsDir.resolve(name).toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " into " + resultsDir + ": " + e.getMessage(), e);
        }
    }

    /** The harness version the build put into harness.properties. */
    public static String harnessVersion() {
        try (InputStream in = RunEnvironment.class.getResourceAsStream("/dev/menderharness/harness.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The commit of the manifests directory, "+ changes" when it differs from it, or why there is none. */
    static String commitOf(Path dir) {
        String head = git(dir, "rev-parse", "--short=12", "HEAD");
        if (head == null) return "not in a git repository";
        String status = git(dir, "status", "--porcelain", "--", ".");
        return head + (status == null || status.isBlank() ? "" : " + uncommitted changes");
    }

    private static String git(Path dir, String... args) {
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("git", "-C", dir.toString()));
            cmd.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }
}
