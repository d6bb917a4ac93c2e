package io.graphstaging.tests.bench.graph;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a materialize's time goes, by port call: wraps a port so that each call's wall time is
 * added to its method's total, read and reset per measured step.
 */
final class StepTimes {
    private final Map<String, Long> nanos = new TreeMap<>();

    /** {@code port} with each call timed under {@code prefix.method}. */
    <T> T timed(Class<T> type, T port, String prefix) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            long t0 = System.nanoTime();
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                synchronized (nanos) {
                    nanos.merge(prefix + "." + method.getName(), System.nanoTime() - t0, Long::sum);
                }
            }
        });
        return type.cast(proxy);
    }

    /** The totals since the last call, in seconds, and starts again from zero. */
    String drain() {
        synchronized (nanos) {
            String text = nanos.entrySet().stream().filter(e -> e.getValue() >= 1_000_000)
                    .map(e -> String.format("%s %.3f", e.getKey(), e.getValue() / 1e9)).collect(Collectors.joining(", "));
            nanos.clear();
            return text;
        }
    }
}
