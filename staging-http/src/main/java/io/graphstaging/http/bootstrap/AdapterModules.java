package io.graphstaging.http.bootstrap;

import com.google.inject.Module;
import io.graphstaging.duckdb.DuckDbModule;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.LadybugModule;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.RegistryModule;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.S3Module;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The composition: which adapter serves each port, each configured from the environment.
 * Swapping an adapter is one line here. Every adapter's configuration is read before any is
 * started, so all problems are reported together.
 */
public final class AdapterModules {
    private AdapterModules() {}

    /**
     * The adapters' modules, or, when any configuration is invalid, nothing: each problem is
     * added to {@code problems}.
     */
    public static List<Module> fromEnvironment(Map<String, String> env, List<String> problems) {
        int before = problems.size();
        DuckDbConfig staging = read(DuckDbConfig::fromEnvironment, env, problems);
        ObjectStoreConfig objects = read(ObjectStoreConfig::fromEnvironment, env, problems);
        RegistryConfig registry = read(RegistryConfig::fromEnvironment, env, problems);
        LadybugConfig graph = read(LadybugConfig::fromEnvironment, env, problems);
        if (problems.size() > before) {
            return List.of();
        }
        return List.of(new DuckDbModule(staging), new S3Module(objects), new RegistryModule(registry), new LadybugModule(graph));
    }

    /** Reads one adapter's config; its complaint becomes one of the problems (messages never hold secrets). */
    private static <C> C read(Function<Map<String, String>, C> factory, Map<String, String> env, List<String> problems) {
        try {
            return factory.apply(env);
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
