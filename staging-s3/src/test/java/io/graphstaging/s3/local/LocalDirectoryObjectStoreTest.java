package io.graphstaging.s3.local;

import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.s3.spool.Spool;
import io.graphstaging.core.testing.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryObjectStoreTest {
    @TempDir
    Path work;

    private Path base;
    private Path outside;
    private Spool spool;
    private LocalDirectoryObjectStore store;

    @BeforeEach
    void setUp() throws IOException {
        base = work.resolve("store");
        outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.parquet"), "outside the store");
        spool = new Spool(new SpoolDirectory(work.resolve("spool")), 1L << 20);
        store = new LocalDirectoryObjectStore(base, spool);
    }

    private Path write(String bucketAndKey, String content) throws IOException {
        Path file = base.resolve(bucketAndKey);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void fetchHardLinksTheFileIntoTheGraphsSpool() throws IOException {
        Path source = write("bucket/t/a.parquet", "data");

        try (FetchedObjects fetched = store.fetch(GraphId.of("g1"),
                store.resolve(ObjectPattern.parse("s3://bucket/t/a.parquet")))) {
            Path local = fetched.objects().get(0).localPath();
            assertThat(local).startsWith(spool.graphDirectory(GraphId.of("g1")));
            assertThat(Files.isSameFile(local, source)).isTrue();
        }
    }

    /** On another file system the spool copies; a full one is STORAGE_FULL and keeps no partial copy. */
    @Test
    void aFullSpoolDiskIsStorageFull() throws Exception {
        write("bucket/t/big.parquet", "x".repeat(2 << 20));
        try (Tmpfs disk = Tmpfs.mount(work.resolve("small"), 1)) {
            LocalDirectoryObjectStore onFullDisk = new LocalDirectoryObjectStore(base,
                    new Spool(new SpoolDirectory(disk.path()), 100L << 20));

            assertThatThrownBy(() -> onFullDisk.fetch(GraphId.of("g1"), onFullDisk.resolve(ObjectPattern.parse("s3://bucket/t/big.parquet"))))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL))
                    .hasMessageContaining("STAGING_SPOOL_DIR");
            try (Stream<Path> walk = Files.walk(disk.path())) {
                assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void symbolicLinksPointingOutsideAreNeverServed() throws IOException {
        Files.createDirectories(base.resolve("bucket"));
        Files.createSymbolicLink(base.resolve("bucket/evil.parquet"), outside.resolve("secret.parquet"));
        Files.createSymbolicLink(base.resolve("bucket/evil-dir"), outside);
        write("bucket/fine.parquet", "fine");

        assertThat(store.resolve(ObjectPattern.parse("s3://bucket/**"))).extracting(i -> i.uri().key())
                .containsExactly("fine.parquet");
        assertThat(store.head(ObjectUri.parse("s3://bucket/evil.parquet"))).isEmpty();
        assertThat(store.head(ObjectUri.parse("s3://bucket/evil-dir/secret.parquet"))).isEmpty();
        assertThatThrownBy(() -> store.resolve(ObjectPattern.parse("s3://bucket/evil-dir/*.parquet")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
    }

    @Test
    void aBucketIsItsOwnDirectory() throws IOException {
        write("one/a.parquet", "1");
        write("two/a.parquet", "2");

        assertThat(store.resolve(ObjectPattern.parse("s3://one/*.parquet"))).extracting(i -> i.uri().toString())
                .containsExactly("s3://one/a.parquet");
    }

    @Test
    void aKeyThatCannotNameAFileIsNotFound() {
        assertThat(store.head(ObjectUri.parse("s3://bucket/dir/"))).isEmpty();
        assertThat(store.head(ObjectUri.parse("s3://bucket/a//b"))).isEmpty();
    }

    @Test
    void anObjectChangedAfterListingIsNotFetched() throws IOException {
        write("bucket/c.parquet", "old");
        var infos = store.resolve(ObjectPattern.parse("s3://bucket/c.parquet"));
        Files.delete(base.resolve("bucket/c.parquet"));
        write("bucket/c.parquet", "newer content");

        assertThatThrownBy(() -> store.fetch(GraphId.of("g1"), infos))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining("changed");
    }

    @Test
    void theBaseDirectoryIsCreatedAndHealthy() {
        assertThat(base).isDirectory();
        store.checkHealth();
    }
}
