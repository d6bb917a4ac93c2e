package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each implementation (the in-memory
 * one, the local directory, S3 through S3Proxy). Each test works under its own random key
 * prefix, so implementations may share one bucket across tests.
 */
public abstract class ObjectStoreContract {

    /** The store under test. */
    protected abstract ObjectStore store();

    /** A bucket that exists in the store and that the test may write to. */
    protected abstract String bucket();

    /** Writes (or overwrites) an object behind the store's back, as an uploader would. */
    protected abstract void putObject(ObjectUri uri, byte[] content);

    /** Removes an object behind the store's back. */
    protected abstract void deleteObject(ObjectUri uri);

    /** Where the store must place the files it fetches for this graph, and nothing else's. */
    protected abstract Path graphDirectory(GraphId graph);

    private String prefix;

    @BeforeEach
    void choosePrefix() {
        prefix = "contract-" + UUID.randomUUID() + "/";
    }

    protected final ObjectUri uri(String relativeKey) {
        return new ObjectUri(bucket(), prefix + relativeKey);
    }

    private ObjectUri put(String relativeKey, String content) {
        ObjectUri uri = uri(relativeKey);
        putObject(uri, content.getBytes(StandardCharsets.UTF_8));
        return uri;
    }

    private ObjectPattern glob(String relativeGlob) {
        return ObjectPattern.parse("s3://" + bucket() + "/" + prefix + relativeGlob);
    }

    private static List<String> keys(List<ObjectInfo> infos) {
        return infos.stream().map(i -> i.uri().key()).toList();
    }

    private List<String> prefixed(String... relativeKeys) {
        return Stream.of(relativeKeys).map(k -> prefix + k).toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("Cannot read fetched file " + path, e);
        }
    }

    // ---- resolve: globs

    @Test
    void starMatchesWithinOneSegmentOnlySortedByKey() {
        put("t/b.parquet", "b");
        put("t/a.parquet", "a");
        put("t/sub/c.parquet", "c");
        put("t/a.csv", "not parquet");

        List<ObjectInfo> found = store().resolve(glob("t/*.parquet"));

        assertThat(keys(found)).containsExactlyElementsOf(prefixed("t/a.parquet", "t/b.parquet"));
    }

    @Test
    void doubleStarMatchesAcrossSegmentsIncludingNone() {
        put("t/a.parquet", "a");
        put("t/x/b.parquet", "b");
        put("t/x/y/c.parquet", "c");
        put("other/d.parquet", "d");

        List<ObjectInfo> found = store().resolve(glob("t/**/*.parquet"));

        assertThat(keys(found)).containsExactlyElementsOf(
                prefixed("t/a.parquet", "t/x/b.parquet", "t/x/y/c.parquet"));
    }

    @Test
    void questionMarkMatchesOneCharacter() {
        put("q/a1.parquet", "1");
        put("q/a22.parquet", "22");

        assertThat(keys(store().resolve(glob("q/a?.parquet")))).containsExactlyElementsOf(prefixed("q/a1.parquet"));
    }

    @Test
    void globReportsSizeAndEtag() {
        put("s/one.parquet", "12345");

        ObjectInfo info = store().resolve(glob("s/*")).get(0);

        assertThat(info.sizeBytes()).isEqualTo(5);
        assertThat(info.etag()).isNotBlank();
        assertThat(store().head(info.uri())).contains(info);
    }

    @Test
    void globMatchingNothingIsNotFoundNamingThePattern() {
        put("n/a.csv", "a");
        ObjectPattern pattern = glob("n/*.parquet");

        assertThatThrownBy(() -> store().resolve(pattern))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining(pattern.describe());
    }

    @Test
    void globInABucketThatDoesNotExistIsNotFound() {
        ObjectPattern pattern = ObjectPattern.parse("s3://no-such-bucket-" + UUID.randomUUID() + "/x/*.parquet");

        assertThatThrownBy(() -> store().resolve(pattern))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
    }

    @Test
    void globOverMoreThanOneThousandKeysFindsThemAll() throws Exception {
        int count = 1_005;
        // Uploads are slow one at a time over HTTP: write them from a few threads.
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        try {
            List<Future<ObjectUri>> uploads = IntStream.range(0, count)
                    .mapToObj(i -> uploaders.submit(() -> put(String.format("many/part-%05d.parquet", i), "x" + i)))
                    .toList();
            for (Future<ObjectUri> upload : uploads) {
                upload.get();
            }
        } finally {
            uploaders.shutdownNow();
        }

        List<ObjectInfo> found = store().resolve(glob("many/*.parquet"));

        assertThat(found).hasSize(count);
        assertThat(found.get(0).uri().key()).isEqualTo(prefix + "many/part-00000.parquet");
        assertThat(found.get(count - 1).uri().key()).isEqualTo(prefix + "many/part-01004.parquet");
    }

    // ---- resolve: lists, head

    @Test
    void listKeepsTheGivenOrder() {
        ObjectUri second = put("l/b.parquet", "bb");
        ObjectUri first = put("l/a.parquet", "a");

        List<ObjectInfo> found = store().resolve(ObjectPattern.ofUris(List.of(second.toString(), first.toString())));

        assertThat(found).extracting(ObjectInfo::uri).containsExactly(second, first);
        assertThat(found).extracting(ObjectInfo::sizeBytes).containsExactly(2L, 1L);
    }

    @Test
    void listNamingAMissingObjectIsNotFoundNamingIt() {
        ObjectUri present = put("m/a.parquet", "a");
        ObjectUri missing = uri("m/missing.parquet");

        assertThatThrownBy(() -> store().resolve(ObjectPattern.ofUris(List.of(present.toString(), missing.toString()))))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aLongListOfMissingObjectsNamesTheFirstFewAndTheCount() {
        ObjectUri present = put("m/a.parquet", "a");
        List<String> listed = new java.util.ArrayList<>(List.of(present.toString()));
        for (int i = 0; i < 200; i++) {
            listed.add(uri("m/missing-" + i + ".parquet").toString());
        }

        assertThatThrownBy(() -> store().resolve(ObjectPattern.ofUris(listed)))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
                    assertThat(e.getMessage()).hasSizeLessThan(1_000);
                })
                .hasMessageContaining(uri("m/missing-0.parquet") + ", ")
                .hasMessageContaining("and 195 more (200 of the 201 listed objects do not exist)")
                .hasMessageNotContaining("missing-199");
    }

    @Test
    void headOfMissingObjectIsEmpty() {
        assertThat(store().head(uri("h/none.parquet"))).isEmpty();
        assertThat(store().head(new ObjectUri("no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8), "k")))
                .isEmpty();
    }

    @Test
    void keysWithSpacesQuotesAndUnicodeResolveAndFetch() {
        List<String> hostile = List.of("odd/with space.parquet", "odd/it's \"quoted\";.parquet",
                "odd/ünïcødé-数据-😀.parquet", "odd/percent%20plus+amp&.parquet");
        for (String key : hostile) {
            put(key, "content of " + key);
        }

        List<ObjectInfo> globbed = store().resolve(glob("odd/*.parquet"));
        List<ObjectInfo> listed = store().resolve(ObjectPattern.ofUris(
                hostile.stream().map(k -> uri(k).toString()).toList()));

        assertThat(keys(globbed)).containsExactlyInAnyOrderElementsOf(prefixed(hostile.toArray(String[]::new)));
        assertThat(keys(listed)).containsExactlyElementsOf(prefixed(hostile.toArray(String[]::new)));
        try (FetchedObjects fetched = store().fetch(GraphId.of("g-odd"), listed)) {
            for (int i = 0; i < hostile.size(); i++) {
                assertThat(read(fetched.objects().get(i).localPath())).isEqualTo("content of " + hostile.get(i));
            }
        }
    }

    // ---- fetch

    @Test
    void fetchGivesWholeFilesInTheGraphsOwnDirectoryInOrder() {
        put("f/a.parquet", "alpha");
        put("f/b.parquet", "beta");
        put("f/empty.parquet", "");
        GraphId graph = GraphId.of("g-fetch");
        List<ObjectInfo> infos = store().resolve(glob("f/*.parquet"));

        try (FetchedObjects fetched = store().fetch(graph, infos)) {
            assertThat(fetched.objects()).extracting(FetchedObject::info).containsExactlyElementsOf(infos);
            assertThat(fetched.objects()).extracting(o -> read(o.localPath())).containsExactly("alpha", "beta", "");
            Path own = graphDirectory(graph).toAbsolutePath().normalize();
            assertThat(fetched.objects()).allSatisfy(o ->
                    assertThat(o.localPath().toAbsolutePath().normalize()).startsWith(own));
        }
    }

    @Test
    void eachGraphGetsItsOwnCopy() {
        ObjectUri uri = put("g/a.parquet", "shared");
        List<ObjectInfo> infos = store().resolve(ObjectPattern.ofUris(List.of(uri.toString())));

        try (FetchedObjects one = store().fetch(GraphId.of("g-one"), infos);
                FetchedObjects two = store().fetch(GraphId.of("g-two"), infos)) {
            Path first = one.objects().get(0).localPath().toAbsolutePath().normalize();
            Path second = two.objects().get(0).localPath().toAbsolutePath().normalize();
            assertThat(first).startsWith(graphDirectory(GraphId.of("g-one")).toAbsolutePath().normalize());
            assertThat(second).startsWith(graphDirectory(GraphId.of("g-two")).toAbsolutePath().normalize());
            assertThat(first).isNotEqualTo(second);
            assertThat(read(first)).isEqualTo("shared");
            assertThat(read(second)).isEqualTo("shared");
        }
    }

    @Test
    void aChangedObjectIsFetchedAgainWithItsNewContent() {
        ObjectUri uri = put("c/a.parquet", "version one");
        GraphId graph = GraphId.of("g-change");
        ObjectPattern pattern = ObjectPattern.ofUris(List.of(uri.toString()));
        List<ObjectInfo> before = store().resolve(pattern);
        try (FetchedObjects fetched = store().fetch(graph, before)) {
            assertThat(read(fetched.objects().get(0).localPath())).isEqualTo("version one");
        }

        putObject(uri, "version two, longer".getBytes(StandardCharsets.UTF_8));
        List<ObjectInfo> after = store().resolve(pattern);

        assertThat(after.get(0).etag()).isNotEqualTo(before.get(0).etag());
        try (FetchedObjects fetched = store().fetch(graph, after)) {
            assertThat(read(fetched.objects().get(0).localPath())).isEqualTo("version two, longer");
        }
    }

    @Test
    void anObjectDeletedAfterResolveIsNotFoundAndLeavesNoPartialFile() throws IOException {
        put("d/a.parquet", "kept");
        ObjectUri doomed = put("d/b.parquet", "deleted before fetch");
        GraphId graph = GraphId.of("g-deleted-" + UUID.randomUUID().toString().substring(0, 8));
        List<ObjectInfo> infos = store().resolve(glob("d/*.parquet"));
        deleteObject(doomed);

        assertThatThrownBy(() -> store().fetch(graph, infos))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining(doomed.toString());
        assertThat(filesUnder(graphDirectory(graph)))
                .allSatisfy(file -> assertThat(read(file)).isEqualTo("kept"));
    }

    @Test
    void fetchingNothingGivesNothing() {
        try (FetchedObjects fetched = store().fetch(GraphId.of("g-none"), List.of())) {
            assertThat(fetched.objects()).isEmpty();
        }
    }

    @Test
    void closingTheLeaseTwiceIsHarmless() {
        ObjectUri uri = put("lease/a.parquet", "a");
        FetchedObjects fetched = store().fetch(GraphId.of("g-lease"), List.of(store().head(uri).orElseThrow()));
        fetched.close();
        fetched.close();
        Optional<ObjectInfo> stillThere = store().head(uri);
        assertThat(stillThere).isPresent();
    }

    @Test
    void healthyStoreAnswers() {
        store().checkHealth();
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
