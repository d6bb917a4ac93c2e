package io.graphstaging.s3.spool;

import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.testing.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final GraphId GRAPH = GraphId.of("g1");

    @TempDir
    Path root;

    private final AtomicInteger fills = new AtomicInteger();

    /** Writes {@code size} bytes of the key's first letter, counting calls. */
    private final SpoolFiller filler = (object, target) -> {
        fills.incrementAndGet();
        byte[] content = new byte[(int) object.sizeBytes()];
        java.util.Arrays.fill(content, (byte) object.uri().key().charAt(0));
        Files.write(target, content);
    };

    private static ObjectInfo object(String key, long size) {
        return new ObjectInfo(new ObjectUri("bucket", key), size, "etag-" + key);
    }

    private static FetchedObjects fetch(Spool spool, SpoolFiller filler, ObjectInfo... objects) {
        return spool.fetch(GRAPH, List.of(objects), filler, Runnable::run);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aSecondFetchOfTheSameVersionReusesTheFile() {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        ObjectInfo a = object("a.parquet", 10);
        Path first;
        try (FetchedObjects fetched = fetch(spool, filler, a)) {
            first = fetched.objects().get(0).localPath();
        }
        try (FetchedObjects fetched = fetch(spool, filler, a)) {
            assertThat(fetched.objects().get(0).localPath()).isEqualTo(first);
        }
        assertThat(fills).hasValue(1);
        assertThat(spool.sizeBytes()).isEqualTo(10);
    }

    @Test
    void aNewEtagIsANewFile() {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        ObjectUri uri = new ObjectUri("bucket", "a.parquet");
        try (FetchedObjects one = fetch(spool, filler, new ObjectInfo(uri, 3, "v1"));
                FetchedObjects two = fetch(spool, filler, new ObjectInfo(uri, 3, "v2"))) {
            assertThat(one.objects().get(0).localPath()).isNotEqualTo(two.objects().get(0).localPath());
        }
        assertThat(fills).hasValue(2);
    }

    @Test
    void leastRecentlyUsedUnheldFilesAreEvictedAboveTheCap() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 10);
        ObjectInfo a = object("a.parquet", 4);
        ObjectInfo b = object("b.parquet", 4);
        ObjectInfo c = object("c.parquet", 4);
        fetch(spool, filler, a).close();
        fetch(spool, filler, b).close();
        fetch(spool, filler, a).close(); // a is now more recent than b

        fetch(spool, filler, c).close();

        assertThat(spool.sizeBytes()).isEqualTo(8);
        assertThat(files()).extracting(p -> Files.readString(p).charAt(0)).containsExactlyInAnyOrder('a', 'c');
        fetch(spool, filler, b).close();
        assertThat(fills).hasValue(4); // b had to be fetched again
    }

    @Test
    void heldFilesAreNeverEvictedEvenAboveTheCap() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 5);
        FetchedObjects a = fetch(spool, filler, object("a.parquet", 4));
        FetchedObjects b = fetch(spool, filler, object("b.parquet", 4));
        assertThat(spool.sizeBytes()).isEqualTo(8);
        assertThat(Files.readString(a.objects().get(0).localPath())).isEqualTo("aaaa");
        assertThat(Files.readString(b.objects().get(0).localPath())).isEqualTo("bbbb");

        a.close(); // a is released while still over the cap: it goes
        assertThat(files()).extracting(Files::readString).containsExactly("bbbb");
        b.close(); // b alone fits: it stays
        assertThat(spool.sizeBytes()).isEqualTo(4);
        assertThat(files()).extracting(Files::readString).containsExactly("bbbb");
    }

    @Test
    void aFailedFillLeavesNoFileAndReleasesTheOthers() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        SpoolFiller halfThenFail = (object, target) -> {
            if (object.uri().key().startsWith("bad")) {
                Files.write(target, new byte[3]);
                throw new StagingException(ErrorCode.OBJECT_STORE_FAILED, "connection lost on " + object.uri());
            }
            filler.fill(object, target);
        };

        assertThatThrownBy(() -> fetch(spool, halfThenFail, object("a.parquet", 5), object("bad.parquet", 9),
                object("c.parquet", 5)))
                .isInstanceOf(StagingException.class)
                .hasMessageContaining("connection lost on s3://bucket/bad.parquet");

        // The whole file fetched before the failure stays (valid cache, unheld); no partial file.
        assertThat(files()).extracting(Files::readString).containsExactly("aaaaa");
        assertThat(spool.sizeBytes()).isEqualTo(5);
        assertThat(fills).hasValue(1); // c was not started after the failure
    }

    @Test
    void aFileOfTheWrongSizeIsRejected() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        SpoolFiller shortWrite = (object, target) -> Files.write(target, new byte[2]);

        assertThatThrownBy(() -> fetch(spool, shortWrite, object("a.parquet", 5)))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED))
                .hasMessageContaining("Received 2 bytes of s3://bucket/a.parquet where 5 were listed");
        assertThat(files()).isEmpty();
        assertThat(spool.sizeBytes()).isZero();
    }

    @Test
    void aFileDeletedBehindTheSpoolsBackIsFetchedAgain() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        ObjectInfo a = object("a.parquet", 4);
        Path path;
        try (FetchedObjects fetched = fetch(spool, filler, a)) {
            path = fetched.objects().get(0).localPath();
        }
        Files.delete(path);

        try (FetchedObjects fetched = fetch(spool, filler, a)) {
            assertThat(Files.readString(fetched.objects().get(0).localPath())).isEqualTo("aaaa");
        }
        assertThat(fills).hasValue(2);
        assertThat(spool.sizeBytes()).isEqualTo(4);
    }

    @Test
    void filesOfAnEarlierRunAreAdoptedAndItsTempFilesDeleted() throws IOException {
        ObjectInfo a = object("a.parquet", 4);
        fetch(new Spool(new SpoolDirectory(root), 1_000), filler, a).close();
        Path strayTemp = root.resolve("g1/.tmp/crashed.part");
        Files.createDirectories(strayTemp.getParent());
        Files.write(strayTemp, new byte[7]);

        Spool restarted = new Spool(new SpoolDirectory(root), 1_000);

        assertThat(strayTemp).doesNotExist();
        assertThat(restarted.sizeBytes()).isEqualTo(4);
        SpoolFiller mustNotBeCalled = (object, target) -> {
            throw new AssertionError("the adopted file should have been reused");
        };
        try (FetchedObjects fetched = fetch(restarted, mustNotBeCalled, a)) {
            assertThat(Files.readString(fetched.objects().get(0).localPath())).isEqualTo("aaaa");
        }
    }

    @Test
    void concurrentFetchesOfOneObjectFillItOnce() throws Exception {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000_000);
        ObjectInfo a = object("a.parquet", 100_000);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                GraphId graph = GRAPH;
                results.add(threads.submit(() -> {
                    start.await();
                    try (FetchedObjects fetched = spool.fetch(graph, List.of(a), filler, Runnable::run)) {
                        return Files.readString(fetched.objects().get(0).localPath()).substring(0, 3);
                    }
                }));
            }
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("aaa");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fills).hasValue(1);
    }

    @Test
    void namesAreHashesUnderTheGraphAndBucketWhateverTheKey() throws IOException {
        Spool spool = new Spool(new SpoolDirectory(root), 1_000);
        ObjectInfo hostile = new ObjectInfo(new ObjectUri("bucket", "a/..b/'; DROP TABLE x;--/ü 😀.parquet"), 1, "\"e\"");

        Path path = spool.entryPath(GraphId.of("tenant"), hostile);

        assertThat(path.getParent()).isEqualTo(root.toRealPath().resolve("tenant").resolve("bucket"));
        assertThat(path.getFileName().toString()).matches("[0-9a-f]{64}\\.parquet");
    }

    @Test
    void aFullDiskIsStorageFullNamingTheSettingAndLeavesNothingHalfWritten() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(root.resolve("small"), 1)) {
            Spool spool = new Spool(new SpoolDirectory(disk.path()), 100L << 20);

            assertThatThrownBy(() -> fetch(spool, filler, object("big.parquet", 2L << 20)))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL))
                    .hasMessageContaining("The spool directory (STAGING_SPOOL_DIR) is full")
                    .hasMessageContaining("s3://bucket/big.parquet")
                    .hasMessageNotContaining(disk.path().toString());
            try (Stream<Path> walk = Files.walk(disk.path())) {
                assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
            }
            assertThat(spool.sizeBytes()).isZero();

            try (FetchedObjects fetched = fetch(spool, filler, object("small.parquet", 100_000))) {
                assertThat(Files.size(fetched.objects().get(0).localPath())).isEqualTo(100_000);
            }
        }
    }
}
