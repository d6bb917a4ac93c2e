package io.graphstaging.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The platform's production classes obey {@link HexagonalRules}. */
class ArchitectureTest {
    private static JavaClasses production;

    /** Production code only: not test classes, not the test-jars (fixtures may use JUnit). */
    private static final ImportOption PRODUCTION_ONLY = (Location location) ->
            !location.contains("/test-classes/") && !location.contains("-tests.jar");

    private final HexagonalRules rules = new HexagonalRules("io.graphstaging");

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(PRODUCTION_ONLY)
                .importPackages("io.graphstaging");
    }

    @Test
    void everyModuleContributesClasses() {
        // Guards against a vacuous pass: the rules below must see every module's classes.
        for (String part : new String[] {"core", "duckdb", "s3", "registry", "ladybug", "bootstrap", "http", "cli"}) {
            Assertions.assertThat(production.stream().anyMatch(c -> c.getPackageName().startsWith("io.graphstaging." + part)))
                    .as("classes of io.graphstaging.%s were imported", part)
                    .isTrue();
        }
    }

    @Test
    void coreIsPure() {
        rules.coreIsPure().check(production);
    }

    @Test
    void adaptersAreIndependent() {
        rules.adaptersAreIndependent().check(production);
    }

    @Test
    void onlyTheBootstrapComposesAdapters() {
        rules.onlyTheBootstrapComposesAdapters().check(production);
    }

    @Test
    void vendorsStayInTheirAdapter() {
        rules.vendorsStayInTheirAdapter().check(production);
    }

    @Test
    void onlySettingsReadTheEnvironment() {
        rules.onlySettingsReadTheEnvironment().check(production);
    }

    @Test
    void packagesAreFreeOfCycles() {
        rules.packagesAreFreeOfCycles().check(production);
    }
}
