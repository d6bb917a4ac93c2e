package io.graphstaging.registry.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link PostgresTestServer} shared by every test of the JVM (started on first
 * use, kept in JUnit's root store, closed when the run ends). Tests take fresh databases from
 * it with {@link PostgresTestServer#newDatabase()} and must not stop it.
 */
public final class SharedPostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedPostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> PostgresTestServer.start(), PostgresTestServer.class);
    }
}
