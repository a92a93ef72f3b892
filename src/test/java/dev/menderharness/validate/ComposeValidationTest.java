package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.manifest.Manifests;
import dev.menderharness.validate.rules.StandardRules;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Compose project with a Traefik gateway (src/test/resources/compose/project): clean as written;
 * each planted fault an error of the rule that owns it, at the file and line where it is written.
 */
class ComposeValidationTest {
    static Path project() {
        try {
            return Path.of(ComposeValidationTest.class.getResource("/compose/project").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Finding> errors(Path dir) {
        return StandardRules.validator().validate(Manifests.load(dir)).findings().stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
    }

    private static Path planted(Path tmp, String file, String find, String replace) throws IOException {
        Path p = tmp.resolve("p");
        try (Stream<Path> s = Files.walk(project())) {
            for (Path x : (Iterable<Path>) s::iterator) {
                Path t = p.resolve(project().relativize(x).toString());
                if (Files.isDirectory(x)) Files.createDirectories(t);
                else Files.copy(x, t);
            }
        }
        Path f = p.resolve(file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).contains(find);
        Files.writeString(f, text.replace(find, replace), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void cleanAsWrittenAndEveryRouteExamined() {
        ValidationResult r = StandardRules.validator().validate(Manifests.load(project()));
        assertThat(r.findings()).as(Formats.text(r)).isEmpty();
        assertThat(r.examinedByRule().get("gateway-routes")).contains("Traefik router deploymentsmgmt@docker", "Traefik router s3@docker");
    }

    @Test
    void aMissingHostIsAnErrorAtItsLine(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "docker-compose.yml", "DEPLOYMENTS_INVENTORY_ADDR: http://inventory:8080", "DEPLOYMENTS_INVENTORY_ADDR: http://inventori:8080");
        assertThat(errors(p)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("address-reference");
            assertThat(f.message()).contains("no service or network alias named 'inventori'");
            assertThat(Files.readAllLines(f.file()).get(f.line() - 1)).contains("inventori");
        });
    }

    @Test
    void aHostInTheIncludedFileIsCheckedThere(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "compose/storage.yml", "  s3:\n", "  storage:\n");
        assertThat(errors(p)).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("address-reference");
            assertThat(f.message()).contains("DEPLOYMENTS_AWS_URI=http://s3:8333", "no service or network alias named 's3'");
        });
    }

    @Test
    void aRouterWhoseServiceIsNotDefined(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "docker-compose.yml", "traefik.http.routers.deploymentsMgmt.service: deployments",
                "traefik.http.routers.deploymentsMgmt.service: deployment");
        assertThat(errors(p)).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("gateway-routes");
            assertThat(f.resource()).isEqualTo("Traefik router deploymentsmgmt@docker");
            assertThat(f.message()).contains("points at service deployment@docker, which is not defined");
        });
    }

    @Test
    void aManagementRouteWithoutTheUserCheck(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "docker-compose.yml", "traefik.http.routers.deploymentsMgmt.middlewares: mgmtStack@file",
                "traefik.http.routers.deploymentsMgmt.middlewares: devStack@file");
        assertThat(errors(p)).anySatisfy(f -> assertThat(f.message())
                .contains("GET /api/management/v1/deployments/artifacts (deployments) passes router deploymentsmgmt@docker without the user-token check",
                        "it checks a device token instead"));
    }

    @Test
    void aPrefixRoutedToTheWrongService(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "docker-compose.yml", "traefik.http.routers.deviceauthMgmt.service=deviceauth",
                "traefik.http.routers.deviceauthMgmt.service=useradm");
        assertThat(errors(p)).anySatisfy(f -> assertThat(f.message())
                .contains("GET /api/management/v2/devauth/devices (deviceauth) is routed by router deviceauthmgmt@docker to useradm (useradm), not to deviceauth"));
    }

    @Test
    void aRedirectThatLosesThePublishedPort(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "docker-compose.yml", "      - 443:443", "      - 8443:443");
        assertThat(errors(p)).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("gateway-routes");
            assertThat(f.message()).contains("redirects to websecure at port 443, but clients reach websecure at published port 8443");
        });
    }

    @Test
    void aForwardAuthToNowhereIsReportedOnce(@TempDir Path tmp) throws IOException {
        Path p = planted(tmp, "compose/traefik/dynamic.yaml", "http://useradm:8080/api", "http://useradmin:8080/api");
        assertThat(errors(p)).singleElement().satisfies(f -> {
            assertThat(f.resource()).isEqualTo("Traefik middleware userauth@file");
            assertThat(f.file().getFileName()).hasToString("dynamic.yaml");
        });
    }
}
