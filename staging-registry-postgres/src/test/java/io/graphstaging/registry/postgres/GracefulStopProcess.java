package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run as a child JVM by {@link RegistryStopOnSigtermTest}: the embedded registry with a call in flight
 * (waiting for a row lock), and a shutdown hook that does what the edge does on SIGTERM: let
 * the running work finish (here: release the lock after a pause in which any other shutdown
 * hook acts), then close the registry. Prints {@code READY}, then {@code WORKER <outcome>} and
 * {@code CLOSED} from the hook.
 */
public final class GracefulStopProcess {
    private GracefulStopProcess() {
    }

    public static void main(String[] args) throws Exception {
        RegistryDatabase database = RegistryDatabase.open(RegistryConfig.embedded(Path.of(args[0])));
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        PostgresFileRegistry registry = new PostgresFileRegistry(database, new SortableIds());
        GraphId graph = GraphId.of("g1");
        TableName table = TableName.of("entities");
        registry.registerTable(graph, table, TableKind.NODE);
        EmbeddedRegistryServer server = database.embedded().orElseThrow();
        EmbeddedRegistryServer.Login login = server.registryLogin();
        Connection blocker = DriverManager.getConnection(server.jdbcUrl(EmbeddedRegistryServer.DATABASE), login.user(),
                login.password());
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
            s.execute("SELECT * FROM graph_tables FOR UPDATE");
        }
        CompletableFuture<String> worker = CompletableFuture.supplyAsync(() -> {
            try {
                registry.recordStaging(graph, table, Map.of(), List.of(), 1);
                return "OK";
            } catch (StagingException e) {
                return "FAILED " + e.code().code();
            }
        });
        while (!waitingForLock(blocker)) {
            Thread.sleep(20);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(2000);
                try {
                    blocker.commit();
                } catch (SQLException e) {
                    System.out.println("BLOCKER LOST " + e.getSQLState());
                }
                System.out.println("WORKER " + worker.get(30, TimeUnit.SECONDS));
                database.close();
                System.out.println("CLOSED");
            } catch (Exception e) {
                System.out.println("HOOK FAILED " + e);
            }
            System.out.flush();
        }, "edge-like-shutdown"));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static boolean waitingForLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                + "WHERE wait_event_type = 'Lock' AND application_name = 'graph-staging'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
