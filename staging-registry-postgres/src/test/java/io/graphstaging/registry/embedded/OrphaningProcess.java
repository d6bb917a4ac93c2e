package io.graphstaging.registry.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.OptionalInt;

/**
 * Run as a child JVM by {@link EmbeddedRegistryServerTest}: starts a server on the directory
 * given, writes a row, prints {@code READY <postmaster pid>} and waits to be killed, leaving
 * the server orphaned.
 */
public final class OrphaningProcess {
    private OrphaningProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedRegistryServer server = EmbeddedRegistryServer.start(dir, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.DURABLE);
        EmbeddedRegistryServer.Login login = server.superuser();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), login.user(), login.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (note text)");
            s.execute("INSERT INTO survivor VALUES ('written before the crash')");
        }
        String pid = Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip();
        System.out.println("READY " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
