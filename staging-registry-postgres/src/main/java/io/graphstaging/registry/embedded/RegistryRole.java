package io.graphstaging.registry.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The role the registry's pool logs in as, set up by the superuser on every start (each step is
 * idempotent): not a superuser, no role or database creation, owner of the {@code registry}
 * schema of the {@code postgres} database and of nothing else. It cannot create in any other
 * schema (not {@code public}, no temporary tables), connect to another database, run programs
 * or read server files ({@code COPY ... PROGRAM}, {@code pg_read_file} need superuser or
 * roles it does not have).
 */
final class RegistryRole {
    static final String NAME = "graph_staging";
    static final String SCHEMA = "registry";
    static final String DATABASE = "postgres";
    /** The tables the releases before this role made in {@code public}, as the superuser. */
    private static final List<String> EARLIER_TABLES = List.of("registry_schema_version", "graph_tables", "graph_files");

    private RegistryRole() {
    }

    /** Runs in one transaction on a superuser connection to {@link #DATABASE}. */
    static void provision(Connection superuser, String password) throws SQLException {
        superuser.setAutoCommit(false);
        try (Statement s = superuser.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + NAME + "') THEN "
                    + "CREATE ROLE " + NAME + "; END IF; END $$");
            s.execute("ALTER ROLE " + NAME + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                    + "NOINHERIT");
            s.execute(RolePassword.alterRole(NAME, password));
            s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            s.execute("REVOKE ALL ON DATABASE template1 FROM PUBLIC");
            s.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + NAME);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA + " AUTHORIZATION " + NAME);
            s.execute("ALTER SCHEMA " + SCHEMA + " OWNER TO " + NAME);
            s.execute("ALTER ROLE " + NAME + " IN DATABASE " + DATABASE + " SET search_path = " + SCHEMA);
            for (String table : EARLIER_TABLES) {
                if (exists(superuser, "public", table) && !exists(superuser, SCHEMA, table)) {
                    s.execute("ALTER TABLE public." + table + " SET SCHEMA " + SCHEMA);
                }
            }
            // Every relation of the schema is the role's: moved tables, and any a superuser made there
            // (their indexes and owned sequences follow them).
            s.execute("DO $$ DECLARE r record; BEGIN FOR r IN SELECT c.relname FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + SCHEMA + "' "
                    + "AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relowner <> '" + NAME + "'::regrole "
                    + "LOOP EXECUTE format('ALTER TABLE " + SCHEMA + ".%I OWNER TO " + NAME + "', r.relname); "
                    + "END LOOP; END $$");
            superuser.commit();
        } catch (SQLException | RuntimeException e) {
            superuser.rollback();
            throw e;
        }
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(format('%I.%I', ?, ?)) IS NOT NULL")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
