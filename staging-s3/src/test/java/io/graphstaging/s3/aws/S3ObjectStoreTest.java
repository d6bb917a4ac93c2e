package io.graphstaging.s3.aws;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.spool.Spool;
import io.graphstaging.s3.testing.RequestCounter;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.core.testing.Tmpfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** S3-specific behaviour against S3Proxy: credentials, spool reuse, large objects, failures. */
@ExtendWith(S3ProxyExtension.class)
class S3ObjectStoreTest {
    private static final String BUCKET = "s3-store-test";

    @TempDir
    Path spoolDir;
    @TempDir
    Path scratch;

    private S3ProxyServer server;
    private final RequestCounter counter = new RequestCounter();
    private final List<S3ObjectStore> opened = new java.util.ArrayList<>();
    private String prefix;

    @BeforeEach
    void setUp(S3ProxyServer server) {
        this.server = server;
        server.createBucket(BUCKET);
        prefix = "t-" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3ObjectStore::close);
    }

    private S3ObjectStore store(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(server.environment());
        env.putAll(overrides);
        ObjectStoreConfig config = Settings.read(env, ObjectStoreConfig::from);
        Spool spool = new Spool(new SpoolDirectory(spoolDir), config.spoolMaxBytes());
        S3ObjectStore store = new S3ObjectStore(S3ClientFactory.create(config, List.of(counter)), spool,
                config.maxConcurrency());
        opened.add(store);
        return store;
    }

    private ObjectUri put(String key, byte[] content) {
        server.putObject(BUCKET, prefix + key, content);
        return new ObjectUri(BUCKET, prefix + key);
    }

    private ObjectPattern glob(String relative) {
        return ObjectPattern.parse("s3://" + BUCKET + "/" + prefix + relative);
    }

    @Test
    void aWrongSecretIsRefusedNamingTheBucketAndNeverTheSecret() {
        put("a.parquet", "a".getBytes(StandardCharsets.UTF_8));
        S3ObjectStore store = store(Map.of("AWS_S3_SECRET_ACCESS_KEY", "wrong-secret-value-123"));

        assertThatThrownBy(() -> store.resolve(glob("*.parquet")))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_ACCESS_DENIED);
                    assertThat(e.getCause()).isNull();
                })
                .hasMessageContaining("'" + BUCKET + "'")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("wrong-secret-value-123");
        assertThatThrownBy(() -> store.head(new ObjectUri(BUCKET, prefix + "a.parquet")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_ACCESS_DENIED));
        // A refusal is not retried: one attempt each.
        assertThat(counter.httpAttempts()).isEqualTo(2);
    }

    /** Was 502 object_store_failed: the local disk, not the store, failed. */
    @Test
    void aFullSpoolDiskIsStorageFullNotAnObjectStoreFailure() throws Exception {
        put("big.parquet", new byte[3 << 20]);
        try (Tmpfs disk = Tmpfs.mount(scratch.resolve("small"), 1)) {
            Map<String, String> env = new HashMap<>(server.environment());
            env.put("STAGING_S3_MAX_ATTEMPTS", "1");
            ObjectStoreConfig config = Settings.read(env, ObjectStoreConfig::from);
            S3ObjectStore store = new S3ObjectStore(S3ClientFactory.create(config),
                    new Spool(new SpoolDirectory(disk.path()), config.spoolMaxBytes()), config.maxConcurrency());
            opened.add(store);

            assertThatThrownBy(() -> store.fetch(GraphId.of("g-full"), store.resolve(glob("big.parquet"))))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL))
                    .hasMessageContaining("STAGING_SPOOL_DIR")
                    .hasMessageNotContaining(disk.path().toString());
            try (Stream<Path> walk = Files.walk(disk.path())) {
                assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
            }
        }
    }

    @Test
    void aSecondStagingOfUnchangedObjectsReadsTheSpoolWithoutDownloading() {
        for (int i = 0; i < 5; i++) {
            put("part-" + i + ".parquet", ("content " + i).getBytes(StandardCharsets.UTF_8));
        }
        S3ObjectStore store = store(Map.of());
        GraphId graph = GraphId.of("g-reuse");

        try (FetchedObjects first = store.fetch(graph, store.resolve(glob("*.parquet")))) {
            assertThat(first.objects()).hasSize(5);
        }
        assertThat(counter.getObjectCalls()).isEqualTo(5);

        try (FetchedObjects second = store.fetch(graph, store.resolve(glob("*.parquet")))) {
            assertThat(second.objects()).extracting(o -> read(o.localPath()))
                    .containsExactly("content 0", "content 1", "content 2", "content 3", "content 4");
        }
        assertThat(counter.getObjectCalls()).isEqualTo(5);
    }

    @Test
    void aFiftyMegabyteObjectArrivesWhole() throws Exception {
        Path big = bigFile(50);
        server.putObject(BUCKET, prefix + "big.parquet", big);
        S3ObjectStore store = store(Map.of());

        List<ObjectInfo> infos = store.resolve(glob("big.parquet"));
        try (FetchedObjects fetched = store.fetch(GraphId.of("g-big"), infos)) {
            Path local = fetched.objects().get(0).localPath();
            assertThat(Files.size(local)).isEqualTo(50L * 1024 * 1024);
            assertThat(sha256(local)).isEqualTo(sha256(big));
        }
        assertThat(counter.getObjectCalls()).isEqualTo(1);
    }

    @Test
    void aCancellableFetchReportsTheBytesAsTheyArriveAndEndsWithTheWhole() throws Exception {
        server.putObject(BUCKET, prefix + "big.parquet", bigFile(20));
        put("small.parquet", new byte[1000]);
        S3ObjectStore store = store(Map.of());
        List<ObjectInfo> infos = store.resolve(glob("*.parquet"));
        long total = 20L * 1024 * 1024 + 1000;
        List<TaskProgress> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (FetchedObjects fetched = store.fetch(GraphId.of("g-progress"), infos, new Cancellation(), reports::add)) {
            assertThat(fetched.objects()).hasSize(2);
        }

        assertThat(reports.get(0)).isEqualTo(TaskProgress.of(ProgressPhase.FETCHING, 0, total, ProgressUnit.BYTES));
        assertThat(reports.get(reports.size() - 1)).isEqualTo(TaskProgress.of(ProgressPhase.FETCHING, total, total,
                ProgressUnit.BYTES));
        assertThat(reports.stream().filter(p -> p.done() > 0 && p.done() < total).count())
                .as("positions between none and all").isGreaterThan(10);
    }

    @Test
    void cancellingMidDownloadAbortsItThrowsTheCancelAndLeavesNoFileInTheSpool() throws Exception {
        server.putObject(BUCKET, prefix + "big.parquet", bigFile(50));
        S3ObjectStore store = store(Map.of());
        List<ObjectInfo> infos = store.resolve(glob("big.parquet"));
        Cancellation cancellation = new Cancellation();
        AtomicLong lastSeen = new AtomicLong();

        assertThatThrownBy(() -> store.fetch(GraphId.of("g-cancel"), infos, cancellation, progress -> {
            lastSeen.set(progress.done());
            if (progress.done() > 1024 * 1024) {
                cancellation.cancel(ErrorCode.CANCELLED, "Task task_1 was cancelled");
            }
        })).isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED))
                .hasMessage("Task task_1 was cancelled");

        assertThat(lastSeen.get()).as("stopped long before the end").isLessThan(50L * 1024 * 1024);
        assertThat(filesUnder(spoolDir)).isEmpty();
        assertThat(counter.getObjectAttempts()).as("a cancel is not retried").isLessThanOrEqualTo(2);
    }

    @Test
    @Timeout(120)
    void theServerStoppingMidFetchFailsCleanlyAfterRetriesAndLeavesNoPartialFile() throws Exception {
        server.putObject(BUCKET, prefix + "big.parquet", bigFile(50));
        S3ObjectStore store = store(Map.of("STAGING_S3_MAX_ATTEMPTS", "3"));
        List<ObjectInfo> infos = store.resolve(glob("big.parquet"));
        AtomicBoolean stopped = new AtomicBoolean();
        counter.onGetResponseHeaders(attempt -> {
            if (stopped.compareAndSet(false, true)) {
                server.stop(); // headers are in, the body is not: the connection is cut mid-transfer
            }
        });
        GraphId graph = GraphId.of("g-stopped");

        try {
            assertThatThrownBy(() -> store.fetch(graph, infos))
                    .isInstanceOfSatisfying(StagingException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED))
                    .hasMessageContaining(infos.get(0).uri().toString());
        } finally {
            server.restart();
        }
        assertThat(stopped).isTrue();
        assertThat(counter.getObjectAttempts()).isEqualTo(3);
        assertThat(filesUnder(spoolDir)).isEmpty();

        // With the server back, the same fetch succeeds.
        try (FetchedObjects fetched = store.fetch(graph, infos)) {
            assertThat(Files.size(fetched.objects().get(0).localPath())).isEqualTo(50L * 1024 * 1024);
        }
    }

    @Test
    void anObjectChangedBetweenListingAndFetchIsNotFetchedUnderItsOldVersion() {
        ObjectUri uri = put("changing.parquet", "old".getBytes(StandardCharsets.UTF_8));
        S3ObjectStore store = store(Map.of());
        List<ObjectInfo> infos = store.resolve(ObjectPattern.ofUris(List.of(uri.toString())));
        put("changing.parquet", "new".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.fetch(GraphId.of("g-changed"), infos))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining("changed");
        assertThat(filesUnder(spoolDir)).isEmpty();
    }

    @Test
    void downloadsRunInParallelWithinTheConcurrencyLimit() {
        for (int i = 0; i < 12; i++) {
            put("p-" + i + ".parquet", new byte[200_000]);
        }
        S3ObjectStore store = store(Map.of("STAGING_S3_MAX_CONCURRENCY", "3"));

        try (FetchedObjects fetched = store.fetch(GraphId.of("g-par"), store.resolve(glob("*.parquet")))) {
            assertThat(fetched.objects()).hasSize(12);
        }
        assertThat(counter.getObjectCalls()).isEqualTo(12);
        assertThat(counter.maxGetsInFlight()).isBetween(1, 3);
    }

    @Test
    void anUnreachableEndpointIsAnObjectStoreFailure() {
        S3ObjectStore store = store(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1", "STAGING_S3_MAX_ATTEMPTS", "2"));

        assertThatThrownBy(() -> store.resolve(glob("*.parquet")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED))
                .hasMessageContaining("could not be reached");
        assertThatThrownBy(store::checkHealth)
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED));
        assertThat(counter.httpAttempts()).isEqualTo(4);
    }

    private Path bigFile(int megabytes) throws IOException {
        Path file = scratch.resolve("big-" + UUID.randomUUID() + ".bin");
        Random random = new Random(42);
        byte[] block = new byte[1024 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> filesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
