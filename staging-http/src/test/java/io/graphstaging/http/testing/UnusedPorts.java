package io.graphstaging.http.testing;

import java.lang.reflect.Proxy;

/**
 * A port implementation for edge tests that do not exercise it: health checks pass, versions
 * are "test", anything else fails loudly so a test cannot pass by accident through it.
 */
public final class UnusedPorts {
    private UnusedPorts() {}

    public static <T> T of(Class<T> port) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) ->
                switch (method.getName()) {
                    case "checkHealth" -> null;
                    case "engineVersion" -> "test";
                    case "toString" -> "Unused" + port.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(
                            port.getSimpleName() + "." + method.getName() + " is not used by this test");
                });
        return port.cast(proxy);
    }
}
