package dev.menderharness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a small recorded results directory (a failed routing check, a failed redirect check, an aborted k3s suite, the
 * bring-up fixture, an environment) with the report generator the pom pins, together with this
 * harness's categories.json, and reads the generated data: what `mvn allure:report` shows a person.
 */
class ReportRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path work;
    private static Path report;

    @BeforeAll
    static void render() throws Exception {
        Path results = Files.createDirectories(work.resolve("results"));
        try (Stream<Path> recorded = Files.list(Path.of("src/test/resources/report/recorded-results"))) {
            for (Path f : recorded.toList()) Files.copy(f, results.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        try (var categories = RunEnvironment.class.getResourceAsStream("categories.json")) {
            Files.write(results.resolve("categories.json"), categories.readAllBytes());
        }
        report = work.resolve("report");
        Path allure = Path.of("target/allure-commandline/allure-2.34.1/bin/allure");
        assertThat(allure).as("the report generator unpacked by the build (maven-dependency-plugin)").exists();
        allure.toFile().setExecutable(true);
        Process p = new ProcessBuilder(allure.toAbsolutePath().toString(), "generate", results.toString(), "-o", report.toString(),
                "--clean").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("allure generate finished").isTrue();
        assertThat(p.exitValue()).as("allure generate: " + out).isZero();
    }

    @Test
    void environmentWidgetShowsClusterKindAndImagePolicy() throws IOException {
        JsonNode env = JSON.readTree(report.resolve("widgets/environment.json").toFile());
        List<String> names = new ArrayList<>();
        env.forEach(e -> names.add(e.path("name").asText() + "=" + e.path("values").path(0).asText()));
        assertThat(names).contains("cluster.kind=swarm", "image.policy=fixture", "mender.version=v4.1.3");
    }

    @Test
    void failuresAreSortedIntoTheHarnessCategories() throws IOException {
        JsonNode categories = JSON.readTree(report.resolve("data/categories.json").toFile());
        List<String> found = new ArrayList<>();
        categories.path("children").forEach(c -> found.add(c.path("name").asText() + ":" + c.path("children").size()));
        // one failed routing check and one failed redirect check: each in its own category only
        assertThat(found).contains("Gateway: routing and upstreams:1", "Gateway: redirects:1",
                "Precondition: not applicable on this host or cluster (aborted):1");
    }

    @Test
    void theBringUpFixtureIsShownAsTheTestsSetUp() throws IOException {
        Path testCases = report.resolve("data/test-cases");
        List<String> setUps = new ArrayList<>();
        try (Stream<Path> cases = Files.list(testCases)) {
            for (Path c : cases.toList()) {
                JSON.readTree(c.toFile()).path("beforeStages").forEach(b -> setUps.add(b.path("name").asText()));
            }
        }
        assertThat(setUps).contains("bring up the cluster and deploy the stack");
    }
}
