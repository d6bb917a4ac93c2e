package io.graphstaging.duckdb.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverDriverLibrariesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void removesOldCopiesOnlyAndSaysHowMuch() throws IOException {
        Path old = copy("libduckdb_java1234567890.so", 1000, Duration.ofHours(2));
        Path justOldEnough = copy("libduckdb_java42.so", 24, LeftoverDriverLibraries.MINIMUM_AGE.plusSeconds(1));
        Path starting = copy("libduckdb_java777.so", 10, Duration.ofSeconds(5));
        Path otherLibrary = copy("liblbug_jni.so", 10, Duration.ofHours(2));
        Path otherName = copy("libduckdb_java99.so.part", 10, Duration.ofHours(2));

        LeftoverDriverLibraries.Removed removed = LeftoverDriverLibraries.removeFrom(tmp, NOW);

        assertThat(removed).isEqualTo(new LeftoverDriverLibraries.Removed(2, 1024));
        assertThat(old).doesNotExist();
        assertThat(justOldEnough).doesNotExist();
        assertThat(starting).exists();
        assertThat(otherLibrary).exists();
        assertThat(otherName).exists();
    }

    @Test
    void leavesDirectoriesAndLinksAlone() throws IOException {
        Path target = copy("kept.bin", 10, Duration.ofHours(2));
        Path link = Files.createSymbolicLink(tmp.resolve("libduckdb_java1.so"), target);
        Path directory = Files.createDirectory(tmp.resolve("libduckdb_java2.so"));
        Files.setLastModifiedTime(directory, FileTime.from(NOW.minus(Duration.ofHours(2))));

        assertThat(LeftoverDriverLibraries.removeFrom(tmp, NOW).files()).isZero();
        assertThat(link).exists();
        assertThat(target).exists();
        assertThat(directory).isDirectory();
    }

    @Test
    void aMissingDirectoryRemovesNothingAndDoesNotThrow() {
        assertThat(LeftoverDriverLibraries.removeFrom(tmp.resolve("absent"), NOW))
                .isEqualTo(new LeftoverDriverLibraries.Removed(0, 0));
    }

    private Path copy(String name, int size, Duration age) throws IOException {
        Path file = Files.write(tmp.resolve(name), new byte[size]);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }
}
