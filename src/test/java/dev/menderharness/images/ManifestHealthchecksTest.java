package dev.menderharness.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every health command of the reference stack runs a program the real image has (issue #16 item 9):
 * the Swarm healthchecks of manifests/swarm/stack.yml, the exec probes of manifests/kubernetes, and
 * the image's own HEALTHCHECK where the stack keeps it. "Has" means listed in {@code tools_present}
 * of the image's entry in fixtures/images/contracts.yaml (facts read from the real image's
 * Dockerfile); FixtureImageContractIT checks the fixture image against the same entry, so a health
 * command the real image cannot run fails here, and one the fixture cannot run fails there.
 */
class ManifestHealthchecksTest {
    private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
    private static final List<ImageContract> CONTRACTS = ImageContract.load(BASEDIR.resolve(ImageContract.FILE));

    /** One health command and the image it runs in. */
    record HealthCommand(String where, String image, List<String> argv) {
        /** The program the container starts: argv[0], or sh for a shell-form command. */
        String executable() {
            return argv.get(0);
        }
    }

    @Test
    void everyHealthCommandRunsAProgramTheRealImageHas() throws IOException {
        List<HealthCommand> commands = new ArrayList<>(swarm(BASEDIR.resolve("manifests/swarm/stack.yml")));
        commands.addAll(kubernetes(BASEDIR.resolve("manifests/kubernetes")));
        assertThat(commands).as("health commands found").hasSizeGreaterThanOrEqualTo(5);
        List<String> problems = new ArrayList<>();
        for (HealthCommand c : commands) {
            Optional<ImageContract> contract = ImageContract.forImage(CONTRACTS, c.image());
            if (contract.isEmpty()) {
                problems.add(c.where() + ": no contract for image " + c.image() + " in " + ImageContract.FILE);
                continue;
            }
            ImageContract k = contract.get();
            if (!k.upstream().equals(c.image())) {
                problems.add(c.where() + ": image " + c.image() + " but the contract describes " + k.upstream());
            }
            List<String> needed = new ArrayList<>(List.of(c.executable()));
            if (c.executable().equals("sh") && c.argv().size() > 2 && c.argv().get(1).equals("-c")) {
                needed.add(c.argv().get(2).trim().split("\\s+")[0]);
            }
            for (String tool : needed) {
                if (!k.toolsPresent().contains(tool) || k.toolsAbsent().contains(tool)) {
                    problems.add(c.where() + " runs " + tool + " " + c.argv() + ", which " + k.upstream() + " does not have ("
                            + k.source() + "; tools: " + k.toolsPresent() + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void swarmHealthchecksAreReadAsDockerRunsThem() {
        assertThat(argv(List.of("CMD", "curl", "-f", "x"))).containsExactly("curl", "-f", "x");
        assertThat(argv(List.of("CMD-SHELL", "wget -q x"))).containsExactly("sh", "-c", "wget -q x");
        assertThat(argv("wget -q x")).containsExactly("sh", "-c", "wget -q x");
        assertThat(argv(List.of("NONE"))).isEmpty();
    }

    /** Swarm healthchecks, and the image's own HEALTHCHECK for a service that does not replace it. */
    static List<HealthCommand> swarm(Path stackFile) throws IOException {
        Map<String, Object> stack = yaml(stackFile).findFirst().orElseThrow();
        List<HealthCommand> out = new ArrayList<>();
        map(stack.get("services")).forEach((name, def) -> {
            Map<String, Object> svc = map(def);
            String image = String.valueOf(svc.get("image"));
            Map<String, Object> hc = map(svc.get("healthcheck"));
            String where = "swarm service " + name;
            if (Boolean.TRUE.equals(hc.get("disable"))) return;
            if (hc.containsKey("test")) {
                List<String> argv = argv(hc.get("test"));
                if (!argv.isEmpty()) out.add(new HealthCommand(where + " healthcheck", image, argv));
                return;
            }
            ImageContract.forImage(CONTRACTS, image).map(ImageContract::healthcheck).ifPresent(h ->
                    out.add(new HealthCommand(where + " (image HEALTHCHECK)", image, argv(h.test()))));
        });
        return out;
    }

    /** Exec probes (readiness, liveness, startup) of every container in the Kubernetes manifests. */
    static List<HealthCommand> kubernetes(Path dir) throws IOException {
        List<HealthCommand> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                yaml(f).forEach(doc -> {
                    Map<String, Object> pod = map(map(map(doc.get("spec")).get("template")).get("spec"));
                    for (Object c : list(pod.get("containers"))) {
                        Map<String, Object> container = map(c);
                        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                            Map<String, Object> exec = map(map(container.get(probe)).get("exec"));
                            if (exec.containsKey("command")) {
                                out.add(new HealthCommand(f.getFileName() + " " + map(doc.get("metadata")).get("name") + " " + probe,
                                        String.valueOf(container.get("image")), list(exec.get("command")).stream().map(String::valueOf).toList()));
                            }
                        }
                    }
                });
            }
        }
        return out;
    }

    /** A compose healthcheck test as the argv the container runs ([] for NONE). */
    static List<String> argv(Object test) {
        if (test instanceof String s) return List.of("sh", "-c", s);
        List<String> t = list(test).stream().map(String::valueOf).toList();
        if (t.isEmpty() || t.get(0).equals("NONE")) return List.of();
        if (t.get(0).equals("CMD")) return t.subList(1, t.size());
        if (t.get(0).equals("CMD-SHELL")) return List.of("sh", "-c", String.join(" ", t.subList(1, t.size())));
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Stream<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
            if (d instanceof Map<?, ?> m) docs.add((Map<String, Object>) m);
        }
        return docs.stream();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }
}
