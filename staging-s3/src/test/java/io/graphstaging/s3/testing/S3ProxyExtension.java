package io.graphstaging.s3.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link S3ProxyServer} of this JVM: started on first use, kept in the
 * root extension store, and closed by JUnit when the run ends. A test that stops the server
 * must restart it before it ends.
 */
public final class S3ProxyExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3ProxyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        S3ProxyServer server = context.getRoot()
                .getStore(ExtensionContext.Namespace.create(S3ProxyExtension.class))
                .getOrComputeIfAbsent(S3ProxyServer.class, type -> S3ProxyServer.start(), S3ProxyServer.class);
        if (!server.isRunning()) {
            server.restart(); // a previous test stopped it and failed before restarting
        }
        return server;
    }
}
