package io.graphstaging.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's layering, written once (after buckpal's {@code HexagonalArchitecture}) and
 * parameterised by the root package, so the same rules can be shown to fail on a deliberately
 * broken fixture.
 *
 * <ul>
 *   <li>the core depends on the JDK (not JDBC), {@code jakarta.inject} and {@code slf4j} only;
 *   <li>an adapter never depends on another adapter; only the bootstrap composes them (the
 *       edges, server and command line, reach the adapters through it);
 *   <li>each vendor SDK stays inside the adapter that wraps it;
 *   <li>only the configuration reader ({@code core.config.Settings}) reads the environment;
 *   <li>the packages of a module do not depend on each other in a cycle.
 * </ul>
 */
final class HexagonalRules {
    static final List<String> ADAPTERS = List.of("duckdb", "s3", "registry", "ladybug");
    static final String EDGE = "http";
    /** The composition shared by the edges: the only production code that knows the adapters. */
    static final String BOOTSTRAP = "bootstrap";
    /** Cross-module tests and benchmarks: they wire adapters directly, like the edge. */
    static final String TESTS = "tests";

    /** JDK packages the core may use: everything a domain needs, nothing that talks to a vendor. */
    private static final String[] CORE_MAY_USE = {
        "java.lang..", "java.util..", "java.time..", "java.nio..", "java.io..", "java.math..",
        "java.security..", "java.text..", "java.net..",
        "jakarta.inject..", "org.slf4j.."
    };

    /** Vendor packages and the only adapter (or edge) that may touch them. */
    private static final Map<String, List<String>> VENDOR_OWNERS = Map.of(
            "org.duckdb..", List.of("duckdb"),
            "software.amazon..", List.of("s3"),
            "org.jdbi..", List.of("registry"),
            "org.postgresql..", List.of("registry"),
            "io.zonky..", List.of("registry"),
            "io.javalin..", List.of(EDGE),
            "java.sql..", List.of("duckdb", "registry"),
            "com.google.inject..", List.of("duckdb", "s3", "registry", "ladybug", BOOTSTRAP, EDGE));

    private final String root;

    HexagonalRules(String root) {
        this.root = root;
    }

    private String pkg(String part) {
        return root + "." + part + "..";
    }

    ArchRule coreIsPure() {
        String[] allowed = new String[CORE_MAY_USE.length + 1];
        allowed[0] = pkg("core");
        System.arraycopy(CORE_MAY_USE, 0, allowed, 1, CORE_MAY_USE.length);
        return classes().that().resideInAPackage(pkg("core"))
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the core is a pure domain: the JDK, jakarta.inject and slf4j only");
    }

    ArchRule adaptersAreIndependent() {
        List<ArchRule> rules = new ArrayList<>();
        for (String adapter : ADAPTERS) {
            for (String other : ADAPTERS) {
                if (!adapter.equals(other)) {
                    rules.add(noClasses().that().resideInAPackage(pkg(adapter))
                            .should().dependOnClassesThat().resideInAPackage(pkg(other))
                            .because("an adapter never imports another adapter")
                            // An absent adapter breaks nothing; ArchitectureTest guards against vacuity.
                            .allowEmptyShould(true));
                }
            }
        }
        return CompositeArchRule.of(rules);
    }

    ArchRule onlyTheBootstrapComposesAdapters() {
        List<ArchRule> rules = new ArrayList<>();
        for (String adapter : ADAPTERS) {
            rules.add(noClasses().that().resideInAPackage(root + "..")
                    .and().resideOutsideOfPackages(pkg(adapter), pkg(BOOTSTRAP), pkg(TESTS))
                    .should().dependOnClassesThat().resideInAPackage(pkg(adapter))
                    .because("only the bootstrap (" + BOOTSTRAP + ") wires adapter " + adapter)
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }

    ArchRule vendorsStayInTheirAdapter() {
        List<ArchRule> rules = new ArrayList<>();
        VENDOR_OWNERS.forEach((vendor, owners) -> {
            String[] allowed = java.util.stream.Stream.concat(owners.stream(), java.util.stream.Stream.of(TESTS))
                    .map(this::pkg).toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage(root + "..")
                    .and().resideOutsideOfPackages(allowed)
                    .should().dependOnClassesThat().resideInAPackage(vendor)
                    .because(vendor + " belongs to " + owners + " only")
                    .allowEmptyShould(true));
        });
        return CompositeArchRule.of(rules);
    }

    ArchRule onlySettingsReadTheEnvironment() {
        return noClasses().that().resideInAPackage(root + "..")
                .and().doNotHaveFullyQualifiedName(root + ".core.config.Settings")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .because("every variable is read once, by the one configuration reader (core.config.Settings)")
                .allowEmptyShould(true);
    }

    ArchRule packagesAreFreeOfCycles() {
        // A slice is one package of a module and its subpackages: http.route, http.server, core.model...
        return slices().matching(root + ".(*).(*)..").should().beFreeOfCycles()
                .because("a package that needs another must not be needed by it");
    }

    List<ArchRule> all() {
        return List.of(coreIsPure(), adaptersAreIndependent(), onlyTheBootstrapComposesAdapters(), vendorsStayInTheirAdapter(),
                onlySettingsReadTheEnvironment(), packagesAreFreeOfCycles());
    }
}
