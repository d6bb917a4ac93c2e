package io.graphstaging.tests.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The rules are not vacuous: applied to a fixture package built to break each of them, every
 * rule fails and names the offending dependency.
 */
class ArchitectureRulesCatchViolationsTest {
    private static final String FIXTURE = "io.graphstaging.tests.architecture.fixture.bad";
    private final JavaClasses broken = new ClassFileImporter().importPackages(FIXTURE);
    private final HexagonalRules rules = new HexagonalRules(FIXTURE);

    @Test
    void impureCoreIsCaught() {
        assertThatThrownBy(() -> rules.coreIsPure().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CoreUsingJdbc")
                .hasMessageContaining("java.sql");
    }

    @Test
    void adapterImportingAdapterIsCaught() {
        assertThatThrownBy(() -> rules.adaptersAreIndependent().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("S3UsingDuckDb");
    }

    @Test
    void compositionOutsideTheBootstrapIsCaught() {
        assertThatThrownBy(() -> rules.onlyTheBootstrapComposesAdapters().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CoreUsingJdbc");
    }

    @Test
    void vendorOutsideItsAdapterIsCaught() {
        assertThatThrownBy(() -> rules.vendorsStayInTheirAdapter().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("S3UsingDuckDb")
                .hasMessageContaining("org.duckdb");
    }

    @Test
    void readingTheEnvironmentOutsideTheConfigurationReaderIsCaught() {
        assertThatThrownBy(() -> rules.onlySettingsReadTheEnvironment().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("S3ReadingTheEnvironment")
                .hasMessageContaining("getenv");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertThatThrownBy(() -> rules.packagesAreFreeOfCycles().check(broken))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RouteUsingServer")
                .hasMessageContaining("ServerUsingRoute");
    }
}
