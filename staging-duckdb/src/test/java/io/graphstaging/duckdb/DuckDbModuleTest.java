package io.graphstaging.duckdb;

import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import java.util.Set;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbModuleTest {
    private static final Key<Set<AutoCloseable>> CLOSED_AT_SHUTDOWN =
            Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    @TempDir
    Path dir;

    @Test
    void bindsThePortsToOnePoolInAHardenedInjector() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
            binder.bind(SpoolDirectory.class).toInstance(new SpoolDirectory(dir.resolve("spool")));
        }, new DuckDbModule(DuckDbConfig.defaults(dir)));
        DuckDbConnectionPool pool = injector.getInstance(DuckDbConnectionPool.class);
        try {
            assertThat(injector.getInstance(StagingStore.class)).isInstanceOf(DuckDbStagingStore.class)
                    .isSameAs(injector.getInstance(StagingStore.class));
            assertThat(injector.getInstance(StagingQueries.class)).isNotNull();
            StagingMaintenance maintenance = injector.getInstance(StagingMaintenance.class);
            assertThat(injector.getInstance(StagingStore.class).listTables(GraphId.of("g"))).isEmpty();
            assertThat(maintenance.stats().configuration().baseDirectory()).isEqualTo(dir.toAbsolutePath().normalize().toString());
            maintenance.checkHealth();
            assertThat(injector.getInstance(CLOSED_AT_SHUTDOWN)).as("registered to be closed").containsExactly(pool);
        } finally {
            pool.close();
        }
    }
}
