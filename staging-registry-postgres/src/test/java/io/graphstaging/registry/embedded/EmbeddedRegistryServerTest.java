package io.graphstaging.registry.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryServerTest {

    private static String scalar(EmbeddedRegistryServer server, String sql) throws SQLException {
        EmbeddedRegistryServer.Login login = server.superuser();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), login.user(), login.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aDurableServerSyncsItsCommits(@TempDir Path dir) throws Exception {
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(dir.resolve("data"), OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.DURABLE)) {
            assertThat(scalar(server, "SHOW fsync")).isEqualTo("on");
            assertThat(scalar(server, "SHOW synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void aRestartReusesTheKeptPasswordsAndALostFileGetsNewOnes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        EmbeddedRegistryServer.Login superuser;
        EmbeddedRegistryServer.Login registry;
        String kept;
        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(data, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY)) {
            superuser = server.superuser();
            registry = server.registryLogin();
            kept = Files.readString(server.credentialsFile());
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), superuser.user(),
                    superuser.password()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept AS SELECT 'still here' AS note");
            }
            Files.setPosixFilePermissions(server.credentialsFile(), PosixFilePermissions.fromString("rw-r--r--"));
        }

        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(data, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY)) {
            assertThat(server.superuser()).isEqualTo(superuser);
            assertThat(server.registryLogin()).isEqualTo(registry);
            assertThat(Files.readString(server.credentialsFile())).isEqualTo(kept);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.credentialsFile())))
                    .isEqualTo("rw-------");
            Files.delete(server.credentialsFile());
        }

        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(data, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY)) {
            assertThat(server.superuser().password()).isNotEqualTo(superuser.password());
            assertThat(server.registryLogin().password()).isNotEqualTo(registry.password());
            assertThat(scalar(server, "SELECT note FROM kept")).isEqualTo("still here");
            for (EmbeddedRegistryServer.Login lost : new EmbeddedRegistryServer.Login[] {superuser, registry}) {
                assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("postgres"), lost.user(),
                        lost.password()).close()).as(lost.user()).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void aSecondServerOnADirectoryInUseIsRefused(@TempDir Path dir) {
        try (EmbeddedRegistryServer first = EmbeddedRegistryServer.start(dir, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.THROWAWAY)) {
            assertThatThrownBy(() -> EmbeddedRegistryServer.start(dir, OptionalInt.empty(),
                    EmbeddedRegistryServer.Durability.THROWAWAY))
                    .isInstanceOfSatisfying(StagingException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_FAILED);
                        assertThat(e.getMessage()).contains(dir.toString());
                    });
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void aServerOrphanedByAKilledProcessIsStoppedAndItsDataKept(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("registry");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphaningProcess.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        long postmaster;
        try {
            postmaster = CompletableFuture.supplyAsync(() -> readyPid(child)).get(120, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).as("the server outlived its JVM").contains(true);

        try (EmbeddedRegistryServer server = EmbeddedRegistryServer.start(data, OptionalInt.empty(),
                EmbeddedRegistryServer.Durability.DURABLE)) {
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(scalar(server, "SELECT note FROM survivor")).isEqualTo("written before the crash");
        }
    }

    private static long readyPid(Process child) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    return Long.parseLong(line.substring("READY ".length()));
                }
            }
            throw new IllegalStateException("the child JVM ended without starting its server");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
