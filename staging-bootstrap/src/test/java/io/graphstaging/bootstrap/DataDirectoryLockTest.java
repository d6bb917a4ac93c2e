package io.graphstaging.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
    @TempDir
    Path base;

    @Test
    void aHeldDirectoryIsRefusedNamingItsSettingAndHolderNeverItsPath() throws Exception {
        Map<String, Path> dirs = Map.of("DUCKDB_STAGING_DIR", base.resolve("staging"));
        try (DataDirectoryLock held = DataDirectoryLock.acquire(dirs, "server")) {
            assertThat(Files.readString(base.resolve("staging").resolve(DataDirectoryLock.FILE_NAME)))
                    .contains("graph-staging server").contains("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dirs, "command line"))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("DUCKDB_STAGING_DIR is in use, held by the graph-staging server")
                    .message().doesNotContain(base.toString());
        }
        try (DataDirectoryLock again = DataDirectoryLock.acquire(dirs, "command line")) {
            assertThat(Files.readString(base.resolve("staging").resolve(DataDirectoryLock.FILE_NAME)))
                    .as("released at close, then taken again").contains("graph-staging command line");
        }
    }

    @Test
    void allOrNothing() {
        Map<String, Path> second = Map.of("LBUG_DATABASE_DIR", base.resolve("graphs"));
        try (DataDirectoryLock held = DataDirectoryLock.acquire(second, "server")) {
            Map<String, Path> both = new java.util.LinkedHashMap<>();
            both.put("DUCKDB_STAGING_DIR", base.resolve("staging"));
            both.putAll(second);
            assertThatThrownBy(() -> DataDirectoryLock.acquire(both, "command line"))
                    .isInstanceOf(DataDirectoryInUseException.class);
            // The first directory's lock was let go when the second one failed.
            DataDirectoryLock.acquire(Map.of("DUCKDB_STAGING_DIR", base.resolve("staging")), "command line").close();
        }
    }
}
