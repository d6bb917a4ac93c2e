package io.graphstaging.ladybug.binding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real database in a directory of its own, opened before each test and removed after it
 * ({@code @RegisterExtension}), with the connection the test works on.
 */
final class ScratchGraph implements BeforeEachCallback, AfterEachCallback {
    private final DatabaseConfig config;
    private Path dir;
    private Database database;
    private Connection connection;

    ScratchGraph(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("lbug-test-");
        open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The directory that holds the database, for the test's own files too. */
    Path dir() {
        return dir;
    }

    Database database() {
        return database;
    }

    Connection connection() {
        return connection;
    }

    /** Closes the database and opens it again, as a restart would. */
    void reopen() {
        database.close();
        open();
    }

    void execute(String cypher) {
        connection.execute(cypher);
    }

    QueryResult query(String cypher) {
        return connection.query(cypher);
    }

    long queryLong(String cypher) {
        return connection.queryLong(cypher);
    }

    PreparedStatement prepare(String cypher) {
        return connection.prepare(cypher);
    }

    private void open() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = Database.open(dir.resolve("graph.lbug"), config);
        connection = database.connect();
    }
}
