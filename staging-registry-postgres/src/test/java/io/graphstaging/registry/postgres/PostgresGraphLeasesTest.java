package io.graphstaging.registry.postgres;

import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.testing.GraphLeasesContract;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The GraphLeases contract against real PostgreSQL (its own clock: moving every stored time back
 * by a span is, for every rule the store applies, the same as moving the clock on), including
 * the race of eight nodes taking one graph on eight connections.
 */
@ExtendWith(SharedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresGraphLeasesTest extends GraphLeasesContract {
    private RegistryDatabase database;
    private PostgresGraphLeases leases;

    @BeforeAll
    void openDatabase(PostgresTestServer server) {
        database = RegistryDatabase.open(server.newDatabase());
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        leases = new PostgresGraphLeases(database);
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @Override
    protected GraphLeases leases() {
        return leases;
    }

    @Override
    protected void advanceClock(Duration by) {
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE graph_leases SET "
                        + "expires_at = expires_at - :ms * interval '1 millisecond', "
                        + "taken_at = taken_at - :ms * interval '1 millisecond'")
                .bind("ms", by.toMillis()).execute());
    }
}
