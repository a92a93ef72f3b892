package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cli.ValidateCommand;
import dev.menderharness.validate.rules.StandardRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The three output formats and exit codes of {@code validate}, on the image-pinned test data. */
class FormatsTest {
    static Path data(String c) throws URISyntaxException {
        return Path.of(FormatsTest.class.getResource("/validate/image-pinned/" + c).toURI());
    }

    private static String run(Path dir, Formats.Format f, int expectedExit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(dir, f, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(exit).isEqualTo(expectedExit);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsAnArrayOfFindingsWithRuleSeverityFileLineResourceMessage() throws Exception {
        String json = run(data("bad"), Formats.Format.json, 1);
        assertThat(json.strip()).startsWith("[").endsWith("]");
        assertThat(json).contains("{\"rule\":\"image-pinned\",\"severity\":\"error\",\"file\":\"")
                .contains("stack.yml\",\"line\":3,\"resource\":\"mender-gui\",\"message\":\"image 'mendersoftware/gui' has no tag (defaults to latest)\"}");
        assertThat(json.split("\"rule\":").length - 1).isEqualTo(3);
    }

    @Test
    void sarifIsVersion210WithRulesAndOneResultPerFinding() throws Exception {
        String sarif = run(data("bad"), Formats.Format.sarif, 1);
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sarif);
        assertThat(root.path("version").asText()).isEqualTo("2.1.0");
        com.fasterxml.jackson.databind.JsonNode run = root.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("mender-cluster-harness");
        assertThat(run.path("tool").path("driver").path("rules").findValuesAsText("id")).contains("image-pinned", "gateway-routes");
        assertThat(run.path("results")).hasSize(3);
        com.fasterxml.jackson.databind.JsonNode first = run.path("results").get(0);
        assertThat(first.path("ruleId").asText()).isEqualTo("image-pinned");
        assertThat(first.path("level").asText()).isEqualTo("error");
        com.fasterxml.jackson.databind.JsonNode loc = first.path("locations").get(0).path("physicalLocation");
        assertThat(loc.path("artifactLocation").path("uri").asText()).endsWith("validate/image-pinned/bad/stack.yml").doesNotStartWith("/");
        assertThat(loc.path("region").path("startLine").asInt()).isEqualTo(3);
    }

    @Test
    void warningsAndInfoMapToSarifLevelsAndFailOnlyWhenAsked() {
        assertThat(Sarif.level(Severity.WARNING)).isEqualTo("warning");
        assertThat(Sarif.level(Severity.INFO)).isEqualTo("note");
        ValidationResult r = new ValidationResult(java.util.List.of(new Finding("x", Severity.WARNING, null, 0, "r", "m")),
                java.util.Map.of(), java.util.List.of());
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.failsAt(Severity.WARNING)).isTrue();
        assertThat(r.failsAt(Severity.INFO)).isTrue();
    }

    @Test
    void cleanInputPrintsAnEmptyArrayAndExitsZero() throws Exception {
        assertThat(run(data("good"), Formats.Format.json, 0).strip()).isEqualTo("[]");
        assertThat(run(data("good"), Formats.Format.text, 0)).contains("no findings");
    }

    @Test
    void textNamesFileLineRuleAndResource() throws Exception {
        assertThat(run(data("bad"), Formats.Format.text, 1))
                .containsPattern("stack\\.yml:5: error \\[image-pinned\\] mender-mongo: image 'mongo:latest' uses tag latest")
                .contains("3 finding(s): 3 error(s), 0 warning(s), 0 info");
    }

    @Test
    void junitHasOneTestcasePerRuleAndResourceWithFailuresForFindings() throws Exception {
        String xml = run(data("bad"), Formats.Format.junit, 1);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList suites = d.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(StandardRules.all().size());
        NodeList cases = d.getElementsByTagName("testcase");
        int imageCases = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals("validate.image-pinned")) {
                imageCases++;
                assertThat(c.getElementsByTagName("failure").getLength()).as(c.getAttribute("name")).isEqualTo(1);
            }
        }
        assertThat(imageCases).isEqualTo(3);
        assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo("3");
    }
}
