package io.graphstaging.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Where DuckDB's security settings are set, written once and parameterised by the root package
 * like {@link HexagonalRules}. The settings (allowed directories, no external access, no
 * extensions, locked configuration) are given when an instance starts and cannot change after,
 * so "only the sandbox sets them" is "only the sandbox opens an instance": no other class of the
 * DuckDB adapter may call what opens one.
 */
final class SandboxRules {
    /** The class that opens every DuckDB instance, relative to the root package. */
    static final String SANDBOX = "duckdb.pool.GraphSandbox";

    /** Calls that open a DuckDB instance: the JDBC entry points and the driver's own. */
    private static final Set<String> OPENERS = Set.of(
            "java.sql.DriverManager.getConnection",
            "org.duckdb.DuckDBDriver.connect",
            "org.duckdb.DuckDBConnection.newConnection",
            "org.duckdb.DuckDBDataSource.getConnection");

    private final String root;

    SandboxRules(String root) {
        this.root = root;
    }

    ArchRule onlyTheSandboxOpensDuckDb() {
        return noClasses().that().resideInAPackage(root + ".duckdb..")
                .and().doNotHaveFullyQualifiedName(root + "." + SANDBOX)
                .should().callCodeUnitWhere(opensAnInstance())
                .because("every DuckDB instance must start with the sandbox's settings (" + SANDBOX
                        + "), which nothing can change afterwards");
    }

    static DescribedPredicate<JavaCall<?>> opensAnInstance() {
        return DescribedPredicate.describe("opens a DuckDB instance", call ->
                OPENERS.contains(call.getTargetOwner().getFullName() + "." + call.getName()));
    }
}
