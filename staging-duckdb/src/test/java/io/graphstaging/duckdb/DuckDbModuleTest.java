package io.graphstaging.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbModuleTest {
    private static final Key<Set<AutoCloseable>> CLOSED_AT_SHUTDOWN =
            Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    @TempDir
    Path dir;

    private Injector injector() {
        return Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
            binder.bind(SpoolDirectory.class).toInstance(new SpoolDirectory(dir.resolve("spool")));
            binder.bind(MemoryBudget.class).toInstance(MemoryBudget.unlimited());
            binder.bind(QueryThreads.class).toInstance(new QueryThreads(2));
        }, new DuckDbModule(DuckDbConfig.defaults(dir)));
    }

    @Test
    void bindsThePortsToOnePoolInAHardenedInjector() {
        Injector injector = injector();
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

    @Test
    void theStoreStartsByRemovingExportsAKilledProcessLeft() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports").resolve("g1"));
        Path leftover = Files.writeString(exports.resolve("people-0b7e6a34-6f7c-4d2e-9a51-3c2f1e0d9b8a.parquet"), "half");
        Path other = Files.createDirectories(dir.resolve("exports").resolve("g2"))
                .resolve("links-7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d.parquet");
        Files.writeString(other, "half");
        // Files this platform does not name so are not its to delete.
        Path foreign = Files.writeString(exports.resolve("people.parquet"), "someone's");
        Path notes = Files.writeString(exports.resolve("notes-0b7e6a34-6f7c-4d2e-9a51-3c2f1e0d9b8a.txt"), "someone's");

        Injector injector = injector();
        try {
            assertThat(leftover).doesNotExist();
            assertThat(other).doesNotExist();
            assertThat(foreign).exists();
            assertThat(notes).exists();
        } finally {
            injector.getInstance(DuckDbConnectionPool.class).close();
        }
    }
}
