package io.graphstaging.tests.bench.graph;

import io.graphstaging.tests.bench.PageFaults;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a materialize's time goes, by port call: wraps a port so that each call's wall time is
 * added to its method's total, read and reset per measured step, with the page faults it took
 * (see {@link PageFaults}; calls on other threads meanwhile count too).
 */
final class StepTimes {
    private final Map<String, Long> nanos = new TreeMap<>();
    private final Map<String, Long> faults = new TreeMap<>();

    /** {@code port} with each call timed under {@code prefix.method}. */
    <T> T timed(Class<T> type, T port, String prefix) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            long faults0 = PageFaults.minor();
            long t0 = System.nanoTime();
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                synchronized (nanos) {
                    nanos.merge(prefix + "." + method.getName(), System.nanoTime() - t0, Long::sum);
                    faults.merge(prefix + "." + method.getName(), PageFaults.minor() - faults0, Long::sum);
                }
            }
        });
        return type.cast(proxy);
    }

    /** The totals since the last call, in seconds, and starts again from zero. */
    String drain() {
        synchronized (nanos) {
            String text = nanos.entrySet().stream().filter(e -> e.getValue() >= 1_000_000)
                    .map(e -> String.format("%s %.3f", e.getKey(), e.getValue() / 1e9)
                            + (faults.get(e.getKey()) >= 1000 ? String.format(" (%,d faults)", faults.get(e.getKey())) : ""))
                    .collect(Collectors.joining(", "));
            nanos.clear();
            faults.clear();
            return text;
        }
    }
}
