package io.graphstaging.bootstrap;

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

/** The composition: which adapter serves each port. Swapping an adapter is one line here. */
public final class AdapterModules {
    private AdapterModules() {}

    public static List<Module> of(DuckDbConfig staging, ObjectStoreConfig objects, RegistryConfig registry,
                                  LadybugConfig graph) {
        return List.of(new DuckDbModule(staging), new S3Module(objects), new RegistryModule(registry),
                new LadybugModule(graph));
    }
}
