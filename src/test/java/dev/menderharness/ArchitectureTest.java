package dev.menderharness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.menderharness.support.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, held against the compiled main classes: each layer imports
 * only the layers below it, no two packages import each other, and settings are read in one place.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.menderharness");
    }

    @Test
    void layersImportDownwardOnly() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("support").definedBy("dev.menderharness.support..")
                .layer("contract").definedBy("dev.menderharness.contract..")
                .layer("manifest").definedBy("dev.menderharness.manifest..")
                .layer("validate").definedBy("dev.menderharness.validate..")
                .layer("images").definedBy("dev.menderharness.images..")
                .layer("cluster").definedBy("dev.menderharness.cluster")
                .layer("stack").definedBy("dev.menderharness.stack..")
                .layer("providers").definedBy("dev.menderharness.cluster.swarm..", "dev.menderharness.cluster.kubernetes..")
                .layer("checks").definedBy("dev.menderharness.checks..")
                .layer("report").definedBy("dev.menderharness.report..")
                .layer("junit").definedBy("dev.menderharness.junit..")
                .layer("cli").definedBy("dev.menderharness.cli..")
                .layer("standin").definedBy("dev.menderharness.fixtures..")
                .whereLayer("support").mayNotAccessAnyLayer()
                .whereLayer("contract").mayOnlyAccessLayers("support")
                .whereLayer("manifest").mayOnlyAccessLayers("contract", "support")
                .whereLayer("validate").mayOnlyAccessLayers("manifest", "contract", "support")
                .whereLayer("images").mayOnlyAccessLayers("manifest", "contract", "support")
                .whereLayer("cluster").mayOnlyAccessLayers("images", "manifest", "contract", "support")
                .whereLayer("stack").mayOnlyAccessLayers("cluster", "images", "manifest", "contract", "support")
                .whereLayer("providers").mayOnlyAccessLayers("stack", "cluster", "images", "manifest", "contract", "support")
                .whereLayer("checks").mayOnlyAccessLayers("cluster", "manifest", "contract", "support")
                .whereLayer("report").mayOnlyAccessLayers("cluster", "support")
                .whereLayer("junit").mayOnlyAccessLayers("report", "checks", "cluster", "images", "manifest", "contract", "support")
                .whereLayer("cli").mayOnlyAccessLayers("report", "providers", "stack", "cluster", "images", "validate",
                        "manifest", "contract", "support")
                .whereLayer("standin").mayNotAccessAnyLayer();
        layers.check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.menderharness.(**)").should().beFreeOfCycles().check(main);
    }

    /** Settings are read once, in one place; a setting read anywhere else would be undocumented. */
    @Test
    void onlySettingsReadsPropertiesAndEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName(Settings.class.getName())
                .and().resideOutsideOfPackage("dev.menderharness.fixtures..") // the stand-ins read Mender's env, as Mender does
                .should().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getProperties")
                .orShould().callMethod(Integer.class, "getInteger", String.class)
                .orShould().callMethod(Integer.class, "getInteger", String.class, int.class)
                .orShould().callMethod(Long.class, "getLong", String.class, long.class)
                .orShould().callMethod(Boolean.class, "getBoolean", String.class)
                .because("every setting is a row of support.Setting, read by support.Settings")
                .check(main);
    }
}
