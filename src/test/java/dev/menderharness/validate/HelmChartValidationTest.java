package dev.menderharness.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menderharness.cli.ValidateCommand;
import dev.menderharness.manifest.LoadOptions;
import dev.menderharness.manifest.Manifests;
import dev.menderharness.validate.rules.StandardRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of issue 15 on the test chart (src/test/resources/helm/mini, shaped like Mender's): the
 * chart as it comes has no error; each fault planted through --set is an error naming it; no secret
 * of the chart appears in any output.
 */
class HelmChartValidationTest {
    static Path mini() {
        try {
            return Path.of(HelmChartValidationTest.class.getResource("/helm/mini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Finding> errors(String... sets) {
        ValidationResult r = StandardRules.validator().validate(Manifests.load(mini(), new LoadOptions(List.of(), List.of(sets), Map.of())));
        return r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    @Test
    void theChartAsItComesHasNoError() {
        assertThat(errors()).isEmpty();
    }

    @Test
    void moreReplicasWithoutASharedPresignSecret() {
        assertThat(errors("deployments.replicas=3")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("shared-secret");
            assertThat(f.resource()).isEqualTo("Deployment/mender-deployments");
            assertThat(f.message()).contains("DEPLOYMENTS_PRESIGN_SECRET is not set (replicas: 3)");
        });
        assertThat(errors("deployments.replicas=3", "deployments.presignSecret=c2VjcmV0c2VjcmV0")).isEmpty();
    }

    /** helm --set 60 is a number; rendered unquoted into an env value, kubectl apply refuses it (--set-string is the way). */
    @Test
    void aNumberSetAsAnEnvValue() {
        assertThat(errors("deployments.customEnvs[0].name=DEPLOYMENTS_PRESIGN_EXPIRE_SECONDS", "deployments.customEnvs[0].value=60"))
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("schema");
                    assertThat(f.message()).isEqualTo("spec.template.spec.containers[0].env[2].value is 60, not a string; Kubernetes wants a string here (quote it)");
                    assertThat(f.file()).isEqualTo(mini().resolve("templates/deployments.yaml"));
                });
    }

    @Test
    void anS3HostNoServiceHas() {
        assertThat(errors("global.s3.AWS_URI=http://minio-missing:9000")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("address-reference");
            assertThat(f.message()).contains("DEPLOYMENTS_AWS_URI (from secret/artifacts-storage) names minio-missing:9000",
                    "no Kubernetes Service named 'minio-missing'");
            assertThat(f.file()).isEqualTo(mini().resolve("templates/secrets.yaml"));
        });
    }

    @Test
    void aMisspelledEnvKey() {
        assertThat(errors("deployments.customEnvs[0].name=DEPLOYMENTS_PRESIGN_EXPIRE_SECOND", "deployments.customEnvs[0].value=1m"))
                .singleElement().satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("env-key");
                    assertThat(f.message()).contains("DEPLOYMENTS_PRESIGN_EXPIRE_SECOND", "did you mean DEPLOYMENTS_PRESIGN_EXPIRE_SECONDS?");
                });
    }

    /** A values key the chart does not use is ignored by Helm without a word: the setting meant stays unset. */
    @Test
    void aMisspelledValuesKeyOfASetting() {
        assertThat(errors("global.s3.AWS_BUCKT=other")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("helm-values");
            assertThat(f.file()).isEqualTo(mini().resolve("Chart.yaml"));
            assertThat(f.line()).isZero();
            assertThat(f.message()).isEqualTo("--set global.s3.AWS_BUCKT is not a value the chart uses: Helm ignores it, so "
                    + "global.s3.AWS_BUCKET keeps the chart's default (did you mean global.s3.AWS_BUCKET?)");
        });
    }

    @Test
    void aMisspelledValuesKeyInAValuesFileNamesItsLine(@TempDir Path tmp) throws IOException {
        Path values = Files.writeString(tmp.resolve("values.yaml"), "deployments:\n  replicas: 1\n  presignSecrt: abc\n");
        ValidationResult r = StandardRules.validator().validate(Manifests.load(mini(), new LoadOptions(List.of(values), List.of(), Map.of())));
        assertThat(r.findings()).filteredOn(f -> f.rule().equals("helm-values")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.location()).isEqualTo(Paths2.display(values) + ":3");
            assertThat(f.message()).contains("values key deployments.presignSecrt", "did you mean deployments.presignSecret?");
        });
    }

    /** Known keys, keys under a map a template ranges over or a free-form default, list items and subchart keys. */
    @Test
    void valuesTheChartUsesAreNoFinding() {
        ValidationResult r = StandardRules.validator().validate(Manifests.load(mini(), new LoadOptions(List.of(),
                List.of("deployments.replicas=1,deployments.presignSecret=c2VjcmV0c2VjcmV0", "services.deviceauth.env.DEVICEAUTH_JWT_ISSUER=x",
                        "deployments.customEnvs[0].name=DEPLOYMENTS_MIDDLEWARE", "deployments.customEnvs[0].value=prod",
                        "cache.anything=1", "global.url=https://mender.example.org"), Map.of())));
        assertThat(r.findings()).noneSatisfy(f -> assertThat(f.rule()).isEqualTo("helm-values"));
    }

    /** helm --set a=1,b=2 sets both, as the helm CLI does. */
    @Test
    void commaSeparatedPairsAreEachApplied() {
        assertThat(errors("deployments.replicas=3,deployments.presignSecret=c2VjcmV0c2VjcmV0")).isEmpty();
        assertThat(errors("deployments.replicas=3")).isNotEmpty();
    }

    @Test
    void aGatewayRouteToAServiceThatDoesNotExist() {
        assertThat(errors("gateway.useradmHost=mender-useradmin")).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("gateway-routes");
            assertThat(f.message()).contains("forwards to mender-useradmin", "no Kubernetes Service named 'mender-useradmin'");
        });
    }

    @Test
    void noOutputFormatPrintsTheChartsSecrets() {
        for (Formats.Format format : Formats.Format.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ValidateCommand.run(mini(), new ValidateCommand.Options(format, Severity.INFO,
                            List.of(), List.of("mongodb.enabled=false", "global.s3.AWS_URI=http://minio-missing:9000")),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(all).as(format.name()).contains("mender-mongodb").doesNotContain("mongopassword1", "verysecretkey");
        }
    }
}
