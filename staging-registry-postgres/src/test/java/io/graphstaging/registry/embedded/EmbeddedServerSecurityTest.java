package io.graphstaging.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What another local user (or a stolen registry login) can do with the embedded server: nothing much. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedServerSecurityTest {
    /** SQL state of a refused privilege. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private EmbeddedRegistryServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = EmbeddedRegistryServer.start(dir.resolve("registry"), OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Connection connect(EmbeddedRegistryServer.Login login) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), login.user(), login.password());
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void refused(Connection c, String sql) {
        assertThatThrownBy(() -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() {
        for (String user : List.of("postgres", server.registryLogin().user())) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), user, null).close())
                    .as("no password for " + user).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), user, "guess").close())
                    .as("a wrong password for " + user).isInstanceOfSatisfying(SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void theRegistryRoleIsNoSuperuserAndCannotLeaveItsSchema() throws Exception {
        try (Connection c = connect(server.registryLogin())) {
            assertThat(scalar(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).isEqualTo("f");
            assertThat(scalar(c, "SELECT current_user")).isNotEqualTo("postgres");
            refused(c, "COPY (SELECT 1) TO PROGRAM 'id'");
            refused(c, "SELECT pg_read_file('PG_VERSION')");
            refused(c, "CREATE TEMP TABLE t_probe (i int)");
            refused(c, "CREATE TABLE public.probe (i int)");
            refused(c, "CREATE SCHEMA probe");
            refused(c, "ALTER ROLE " + server.registryLogin().user() + " SUPERUSER");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE owned_probe (line text)");
                assertThat(scalar(c, "SELECT schemaname FROM pg_tables WHERE tablename = 'owned_probe'"))
                        .isEqualTo(EmbeddedRegistryServer.REGISTRY_SCHEMA);
                s.execute("DROP TABLE owned_probe");
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE copy_probe (line text)");
                try {
                    refused(c, "COPY copy_probe FROM '/etc/hostname'");
                } finally {
                    s.execute("DROP TABLE copy_probe");
                }
            }
        }
    }

    @Test
    void theCredentialsFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = server.credentialsFile();
        assertThat(file).exists().startsWith(server.dataDir());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(server.superuser().password())
                .contains(server.registryLogin().password());
        assertThat(server.superuser().password()).hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(server.registryLogin().password());
    }

    @Test
    void listensOnLoopbackOnlyAndWithoutASharedSocket() throws Exception {
        try (Connection c = connect(server.superuser())) {
            assertThat(scalar(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(scalar(c, "SHOW unix_socket_directories")).isEmpty();
        }
        assertThat(Path.of("/tmp", ".s.PGSQL." + server.port())).doesNotExist();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(address, server.port()), 2000);
                        }
                    }).as("port open on " + address).isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void loginsAreNeverPrinted() {
        assertThat(server.superuser().toString()).doesNotContain(server.superuser().password());
        assertThat(server.registryLogin().toString()).doesNotContain(server.registryLogin().password());
    }
}
