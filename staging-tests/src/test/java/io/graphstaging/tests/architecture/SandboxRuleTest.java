package io.graphstaging.tests.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * Only the sandbox opens DuckDB instances in the production code, the sandbox really is the
 * class that does (the rule is not vacuous), and the rule fails on a fixture built to break it.
 */
class SandboxRuleTest {
    private static final ImportOption PRODUCTION_ONLY = (Location location) ->
            !location.contains("/test-classes/") && !location.contains("-tests.jar");
    private static final String FIXTURE = "io.graphstaging.tests.architecture.fixture.bad";

    @Test
    void onlyTheSandboxOpensDuckDbInstances() {
        JavaClasses production = new ClassFileImporter().withImportOption(PRODUCTION_ONLY).importPackages("io.graphstaging.duckdb");

        new SandboxRules("io.graphstaging").onlyTheSandboxOpensDuckDb().check(production);

        JavaClass sandbox = production.get("io.graphstaging." + SandboxRules.SANDBOX);
        assertThat(sandbox.getMethodCallsFromSelf()).anyMatch(SandboxRules.opensAnInstance()::test);
    }

    @Test
    void anotherClassOpeningAnInstanceIsCaught() {
        JavaClasses broken = new ClassFileImporter().importPackages(FIXTURE);

        assertThatThrownBy(() -> new SandboxRules(FIXTURE).onlyTheSandboxOpensDuckDb().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UnsandboxedOpener")
                .hasMessageContaining("DriverManager.getConnection");
    }
}
