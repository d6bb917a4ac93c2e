package io.graphstaging.registry.migration;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.registry.postgres.RegistryFailure;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the registry schema to the newest version this build knows, at adapter start.
 *
 * <p>All pending migrations run in one transaction holding a transaction-level advisory lock,
 * so two processes starting at once apply them once, and a failing script leaves the schema as
 * it was (PostgreSQL DDL is transactional). Re-running is a no-op. A database already at a
 * newer version than this build knows, or whose applied scripts differ from this build's, is
 * refused rather than used with a schema the code does not understand.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** Advisory lock key: "graphreg" in ASCII; any constant shared by every instance works. */
    private static final long LOCK_KEY = 0x6772617068726567L;

    private final Jdbi jdbi;
    private final List<Migration> migrations;

    public SchemaMigrator(Jdbi jdbi, List<Migration> migrations) {
        this.jdbi = jdbi;
        this.migrations = List.copyOf(migrations);
    }

    /** What a run found and did. */
    public record Result(int fromVersion, int toVersion, List<Integer> applied) {}

    /**
     * @throws StagingException {@code REGISTRY_FAILED} when the database cannot be reached, a
     *         script fails, or the schema is newer than (or differs from) what this build knows
     */
    public Result migrate() {
        try {
            return jdbi.inTransaction(this::migrate);
        } catch (JdbiException | SQLException e) {
            throw RegistryFailure.of("migrating the registry schema", e);
        }
    }

    private Result migrate(Handle handle) throws SQLException {
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked")
                .bind("key", LOCK_KEY).mapTo(Integer.class).one();
        handle.execute("CREATE TABLE IF NOT EXISTS registry_schema_version ("
                + "version integer PRIMARY KEY, description text NOT NULL, checksum text NOT NULL, "
                + "installed_at timestamptz NOT NULL DEFAULT now())");
        Map<Integer, String> applied = handle.createQuery("SELECT version, checksum FROM registry_schema_version")
                .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getString("checksum")))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        int current = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int known = migrations.size();
        if (current > known) {
            throw new StagingException(ErrorCode.REGISTRY_FAILED, "The registry database's schema is at version "
                    + current + ", newer than this build knows (" + known + "); it was upgraded by a newer release."
                    + " Run that release, or point STAGING_REGISTRY_JDBC_URL at another database.");
        }
        for (Migration m : migrations) {
            String checksum = applied.get(m.version());
            if (checksum != null && !checksum.equals(m.checksum())) {
                throw new StagingException(ErrorCode.REGISTRY_FAILED, "Registry migration V" + m.version() + " ("
                        + m.description() + ") differs from the one applied to this database; refusing to use it.");
            }
        }
        List<Integer> ran = new ArrayList<>();
        for (Migration m : migrations) {
            if (m.version() <= current) {
                continue;
            }
            // Plain JDBC: the script holds several statements, which PostgreSQL runs in one simple query.
            try (Statement statement = handle.getConnection().createStatement()) {
                statement.execute(m.sql());
            }
            handle.createUpdate("INSERT INTO registry_schema_version (version, description, checksum) "
                            + "VALUES (:version, :description, :checksum)")
                    .bind("version", m.version()).bind("description", m.description()).bind("checksum", m.checksum())
                    .execute();
            ran.add(m.version());
            LOG.info("Applied registry migration V{} ({})", m.version(), m.description());
        }
        return new Result(current, Math.max(current, known), ran);
    }
}
