package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cli.ValidateCommand;
import dev.menderharness.manifest.ManifestVariant;
import dev.menderharness.validate.rules.StandardRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance: a copy of the reference manifests with one defect of each kind exits 1 with a finding
 * of that rule naming the broken object; malformed YAML exits 2 with file and line.
 */
class ReferenceVariantsTest {
    // this project's reference manifests, whatever -Dmanifests.dir points the cluster suites at
    static final Path REFERENCE = Path.of("manifests");

    static Stream<Arguments> defects() {
        return Stream.of(
                defect("service-selector", "Service/mender-useradm", "kubernetes/useradm.yaml",
                        "  selector:\n    app.kubernetes.io/name: mender-useradm\n", "  selector:\n    app.kubernetes.io/name: mender-useradmin\n"),
                defect("target-port", "Service/mender-deployments", "kubernetes/deployments.yaml",
                        "targetPort: http", "targetPort: htp"),
                defect("address-reference", "Deployment/mender-deployments", "kubernetes/deployments.yaml",
                        "value: http://minio:9000", "value: http://s3.docker.mender.io:9000"),
                defect("address-reference", "mender-deployments", "swarm/stack.yml",
                        "DEPLOYMENTS_AWS_URI: http://minio:9000", "DEPLOYMENTS_AWS_URI: http://minio:9999"),
                // Unsetting the key makes the code default mongodb://mongo-deployments:27017 apply: no such Service.
                defect("address-reference", "Deployment/mender-deployments", "kubernetes/deployments.yaml",
                        "- name: DEPLOYMENTS_MONGO_URL", "- name: DEPLOYMENTS_MONGO_URI"),
                defect("address-reference", "Deployment/mender-api-gateway", "gateway/default.conf.template",
                        "default minio${MENDER_UPSTREAM_DOMAIN}:9000;", "default minio${MENDER_UPSTREAM_DOMAIN}:9999;"),
                defect("address-reference", "mender-api-gateway", "gateway/default.conf.template",
                        "default minio${MENDER_UPSTREAM_DOMAIN}:9000;", "default mino${MENDER_UPSTREAM_DOMAIN}:9000;"),
                defect("dns-name", "mender-api-gateway", "swarm/stack.yml",
                        "- s3.docker.mender.io", "- s3_docker.mender.io"),
                defect("restart-policy", "Deployment/mender-useradm", "kubernetes/useradm.yaml",
                        "restartPolicy: Always", "restartPolicy: OnFailure"),
                defect("health-path", "Deployment/mender-device-auth", "kubernetes/deviceauth.yaml",
                        "path: /api/internal/v1/devauth/health", "path: /api/internal/v1/deviceauth/health"),
                defect("image-pinned", "Deployment/mender-inventory", "kubernetes/inventory.yaml",
                        "image: mendersoftware/inventory:v4.1.3", "image: mendersoftware/inventory:latest"),
                defect("image-pinned", "mender-inventory", "swarm/stack.yml",
                        "image: mendersoftware/inventory:v4.1.3", "image: mendersoftware/inventory"),
                defect("env-key", "Deployment/mender-device-auth", "kubernetes/deviceauth.yaml",
                        "name: DEVICEAUTH_ORCHESTRATOR_ADDR", "name: DEVICEAUTH_ORCHESTRATOR_ADR"),
                defect("shared-secret", "mender-deployments", "swarm/stack.yml",
                        "DEPLOYMENTS_PRESIGN_SECRET: oE1g", "DEPLOYMENTS_PRESIGN_SECRT: oE1g"),
                defect("swarm-ignored-keys", "mender-useradm", "swarm/stack.yml",
                        "    image: mendersoftware/useradm:v4.1.3\n", "    image: mendersoftware/useradm:v4.1.3\n    restart: always\n"),
                // The route table (both forms share the nginx configuration; the Kubernetes form is checked first).
                defect("gateway-routes", "nginx server default.conf.template:{line} location ~ ^/api/management/v[0-9a-z]+/deployments",
                        "gateway/default.conf.template",
                        "    location ~ ^/api/management/v[0-9a-z]+/deployments {\n        auth_request /_mender_auth_user;\n",
                        "    location ~ ^/api/management/v[0-9a-z]+/deployments {\n"),
                // A redirect to the request's host at a port written down (fixtures/broken/gateway-redirect-fixed-port's fault).
                risk("gateway-routes", "nginx server default.conf.template:{line}", "gateway/default.conf.template",
                        "return 301 $redirect_base$request_uri;", "return 301 https://$host:8080$request_uri;"),
                defect("parity", "mender-gui", "swarm/stack.yml",
                        "image: mendersoftware/gui:v4.1.3", "image: mendersoftware/gui:v4.1.2"));
    }

    /** A warning-level defect: exits 1 under --fail-on warning (as mvn verify validates). */
    private static Arguments risk(String rule, String resource, String file, String find, String replace) {
        return Arguments.of(rule, resource, new ManifestVariant(rule, "one " + rule + " risk", rule,
                List.of(new ManifestVariant.Edit(file, find, replace))));
    }

    private static Arguments defect(String rule, String resource, String file, String find, String replace) {
        return Arguments.of(rule, resource, new ManifestVariant(rule, "one " + rule + " defect", rule,
                List.of(new ManifestVariant.Edit(file, find, replace))));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("defects")
    void oneDefectExitsOneWithAFindingNamingTheObject(String rule, String resource, ManifestVariant variant, @TempDir Path tmp) {
        Path broken = variant.materialize(REFERENCE, tmp.resolve("m"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Severity failOn = rule.equals("swarm-ignored-keys") || variant.description().endsWith(" risk") ? Severity.WARNING : Severity.ERROR;
        int exit = ValidateCommand.run(broken, new ValidateCommand.Options(Formats.Format.json, failOn, List.of(), List.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        List<Finding> findings = StandardRules.validator().validate(broken).findings();
        // {line}: the server block's line in the reference nginx configuration, whatever it is today.
        String resourcePattern = java.util.regex.Pattern.quote(resource).replace("{line}", "\\E\\d+\\Q");
        assertThat(findings).as("findings of %s", rule)
                .anySatisfy(f -> {
                    assertThat(f.rule()).isEqualTo(rule);
                    assertThat(f.resource()).matches(resourcePattern);
                    assertThat(f.line()).isPositive();
                });
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"rule\":\"" + rule + "\"")
                .containsPattern("\"resource\":\"" + resourcePattern + "\"");
    }

    /** fixtures/broken/gateway-deployments-routed-to-inventory fails the live routing check; the route table sees it statically. */
    @Test
    void theBrokenRoutingFixtureIsCaughtStatically(@TempDir Path tmp) {
        Path broken = ManifestVariant.load(Path.of("fixtures/broken/gateway-deployments-routed-to-inventory")).materialize(REFERENCE, tmp.resolve("m"));
        assertThat(StandardRules.validator().validate(broken).findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("gateway-routes");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("GET /api/management/v1/deployments/artifacts (deployments) is routed by location ~ ^/api/management/v[0-9a-z]+/deployments to mender-inventory (inventory), not to deployments");
        });
    }

    @Test
    void misspelledEnvKeySuggestsTheRealOne(@TempDir Path tmp) {
        Path broken = new ManifestVariant("typo", "", "env-key", List.of(new ManifestVariant.Edit("kubernetes/deviceauth.yaml",
                "name: DEVICEAUTH_ORCHESTRATOR_ADDR", "name: DEVICEAUTH_ORCHESTRATOR_ADR"))).materialize(REFERENCE, tmp.resolve("m"));
        assertThat(StandardRules.validator().validate(broken).findings())
                .anySatisfy(f -> assertThat(f.message()).contains("DEVICEAUTH_ORCHESTRATOR_ADR").contains("did you mean DEVICEAUTH_ORCHESTRATOR_ADDR?"));
    }

    @Test
    void malformedYamlExitsTwoWithFileAndLine(@TempDir Path tmp) throws Exception {
        Path broken = new ManifestVariant("malformed", "", "yaml", List.of(new ManifestVariant.Edit("swarm/stack.yml",
                "    image: mendersoftware/useradm:v4.1.3\n", "    image: mendersoftware/useradm:v4.1.3\n   bad: [indent\n")))
                .materialize(REFERENCE, tmp.resolve("m"));
        int expectedLine = lineOf(broken.resolve("swarm/stack.yml"), "bad: [indent");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ValidateCommand.run(broken, Formats.Format.text, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        String msg = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(msg).matches("(?s).*stack\\.yml:(\\d+): malformed YAML: .*").doesNotContain("Exception", "\tat ");
        int line = Integer.parseInt(msg.replaceAll("(?s).*stack\\.yml:(\\d+):.*", "$1"));
        assertThat(line).isBetween(expectedLine, expectedLine + 1);
    }

    private static int lineOf(Path f, String text) throws Exception {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + f);
    }
}
