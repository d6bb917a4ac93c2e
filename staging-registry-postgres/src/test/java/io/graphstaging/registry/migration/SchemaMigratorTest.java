package io.graphstaging.registry.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgresExtension.class)
class SchemaMigratorTest {
    private static final int LATEST = MigrationScripts.bundled().size();
    private static final int NEXT = LATEST + 1;
    private static final List<Integer> ALL = IntStream.rangeClosed(1, LATEST).boxed().toList();
    private RegistryDatabase database;
    private Jdbi jdbi;

    @BeforeEach
    void emptyDatabase(PostgresTestServer server) {
        database = RegistryDatabase.open(server.newDatabase());
        jdbi = database.jdbi();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<Integer> versions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version FROM registry_schema_version ORDER BY version")
                .mapTo(Integer.class).list());
    }

    private <T> T scalar(String sql, Class<T> type) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(type).one());
    }

    private boolean tableExists(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:name) IS NOT NULL").bind("name", name)
                .mapTo(Boolean.class).one());
    }

    private List<Migration> bundledPlus(Migration extra) {
        List<Migration> all = new ArrayList<>(MigrationScripts.bundled());
        all.add(extra);
        return all;
    }

    @Test
    void migratesAnEmptyDatabase() {
        SchemaMigrator.Result result = new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();

        assertThat(result).isEqualTo(new SchemaMigrator.Result(0, LATEST, ALL));
        assertThat(versions()).containsExactlyElementsOf(ALL);
        assertThat(tableExists("graph_tables")).isTrue();
        assertThat(tableExists("graph_files")).isTrue();
    }

    @Test
    void runningAgainIsANoOp() {
        new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();
        String installedAt = "SELECT max(installed_at) FROM registry_schema_version";
        OffsetDateTime installed = scalar(installedAt, OffsetDateTime.class);

        SchemaMigrator.Result again = new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();

        assertThat(again).isEqualTo(new SchemaMigrator.Result(LATEST, LATEST, List.of()));
        assertThat(versions()).containsExactlyElementsOf(ALL);
        assertThat(scalar(installedAt, OffsetDateTime.class)).isEqualTo(installed);
    }

    @Test
    void appliesOnlyTheMigrationsItHasNotApplied() {
        new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();
        jdbi.useHandle(h -> h.execute("INSERT INTO graph_tables (id, graph_id, table_name, table_type) "
                + "VALUES ('gt_kept', 'g', 't', 'node')"));

        SchemaMigrator.Result result = new SchemaMigrator(jdbi,
                bundledPlus(new Migration(NEXT, "add note", "ALTER TABLE graph_files ADD COLUMN note text;"))).migrate();

        assertThat(result.applied()).containsExactly(NEXT);
        assertThat(versions()).endsWith(LATEST, NEXT);
        assertThat(scalar("SELECT count(*) FROM graph_tables", Integer.class)).isEqualTo(1);
        assertThat(scalar("SELECT count(note) FROM graph_files", Integer.class)).isZero();
    }

    @Test
    void refusesASchemaNewerThanItKnows() {
        new SchemaMigrator(jdbi, bundledPlus(new Migration(NEXT, "from the future", "SELECT 1;"))).migrate();

        assertThatThrownBy(() -> new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate())
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("version " + NEXT)
                            .contains("newer than this build knows (" + LATEST + ")");
                });
        assertThat(versions()).endsWith(LATEST, NEXT);
    }

    @Test
    void refusesAnAppliedMigrationWhoseTextChanged() {
        new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();
        List<Migration> edited = new ArrayList<>(MigrationScripts.bundled());
        edited.set(0, new Migration(1, "init", edited.get(0).sql() + "\n-- edited"));

        assertThatThrownBy(() -> new SchemaMigrator(jdbi, edited).migrate())
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("V1").contains("differs");
                });
    }

    @Test
    void aFailingMigrationLeavesTheSchemaAsItWas() {
        List<Migration> broken = bundledPlus(new Migration(NEXT, "broken",
                "ALTER TABLE graph_files ADD COLUMN note text; SELECT * FROM no_such_table;"));

        assertThatThrownBy(() -> new SchemaMigrator(jdbi, broken).migrate())
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                    assertThat(e.getMessage()).contains("migrating").contains("no_such_table");
                });
        // One transaction for the whole run: the bundled ones are rolled back with the broken one.
        assertThat(tableExists("graph_tables")).isFalse();
        assertThat(tableExists("registry_schema_version")).isFalse();
    }

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        int starts = 4;
        CyclicBarrier together = new CyclicBarrier(starts);
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            List<Future<SchemaMigrator.Result>> results = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                Callable<SchemaMigrator.Result> start = () -> {
                    together.await();
                    return new SchemaMigrator(jdbi, MigrationScripts.bundled()).migrate();
                };
                results.add(pool.submit(start));
            }
            int applied = 0;
            for (Future<SchemaMigrator.Result> r : results) {
                applied += r.get().applied().size();
            }
            assertThat(applied).isEqualTo(LATEST);
            assertThat(versions()).containsExactlyElementsOf(ALL);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void misnumberedScriptsAreABuildDefect() {
        assertThatThrownBy(() -> MigrationScripts.load(getClass().getClassLoader(), "db/migration-gap"))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("V3__third.sql").contains("version 2");
                });
        assertThatThrownBy(() -> MigrationScripts.load(getClass().getClassLoader(), "db/nothing-here"))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.getMessage()).contains("db/nothing-here/migrations.txt"));
    }
}
