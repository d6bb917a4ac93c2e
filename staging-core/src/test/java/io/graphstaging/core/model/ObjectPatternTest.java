package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectPatternTest {

    @Test
    void aStringWithWildcardsIsAGlob() {
        ObjectPattern pattern = ObjectPattern.parse("s3://bucket/graph1/entities/*.parquet");

        assertThat(pattern).isInstanceOfSatisfying(ObjectPattern.Glob.class, glob -> {
            assertThat(glob.bucket()).isEqualTo("bucket");
            assertThat(glob.keyGlob()).isEqualTo("graph1/entities/*.parquet");
            assertThat(glob.literalPrefix()).isEqualTo("graph1/entities/");
        });
        assertThat(pattern.describe()).isEqualTo("s3://bucket/graph1/entities/*.parquet");
    }

    @Test
    void theLiteralPrefixStopsAtTheFirstWildcardOfAnyKind() {
        assertThat(((ObjectPattern.Glob) ObjectPattern.parse("s3://b-1/a/b?c/*.parquet")).literalPrefix())
                .isEqualTo("a/b");
        assertThat(((ObjectPattern.Glob) ObjectPattern.parse("s3://b-1/a/**/x*")).literalPrefix())
                .isEqualTo("a/");
        assertThat(((ObjectPattern.Glob) ObjectPattern.parse("s3://b-1/*")).literalPrefix()).isEmpty();
    }

    @Test
    void aStringWithoutWildcardsIsAListOfOne() {
        ObjectPattern pattern = ObjectPattern.parse("s3://bucket/a.parquet");

        assertThat(pattern).isInstanceOfSatisfying(ObjectPattern.UriList.class,
                list -> assertThat(list.uris()).containsExactly(ObjectUri.parse("s3://bucket/a.parquet")));
    }

    @Test
    void aListKeepsItsOrder() {
        ObjectPattern pattern = ObjectPattern.ofUris(List.of("s3://bucket/b", "s3://bucket/a"));

        assertThat(((ObjectPattern.UriList) pattern).uris()).extracting(ObjectUri::key).containsExactly("b", "a");
        assertThat(pattern.describe()).isEqualTo("2 objects starting with s3://bucket/b");
    }

    @Test
    void anEmptyOrMissingListIsRejected() {
        assertThatThrownBy(() -> ObjectPattern.ofUris(List.of()))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATTERN));
        assertThatThrownBy(() -> ObjectPattern.ofUris(null)).isInstanceOf(StagingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket/../*.parquet", "s3://bucket/a/./*", "s3://Bucket/*", "s3://bu*/x",
            "s3://bucket//*", "s3://bucket/a\n*", "gs://bucket/*", "/data/*.parquet", "*", "s3://*"})
    void hostileGlobsAreRejectedAsInvalidPatterns(String text) {
        assertThatThrownBy(() -> ObjectPattern.parse(text))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isIn(ErrorCode.INVALID_PATTERN, ErrorCode.INVALID_OBJECT_URI));
    }

    @Test
    void aListWithOneBadUriIsRejected() {
        assertThatThrownBy(() -> ObjectPattern.ofUris(List.of("s3://bucket/ok", "s3://bucket/../etc/passwd")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OBJECT_URI));
    }

    @Test
    void twentyThousandMissingObjectsGiveAShortErrorNamingTheFirstFewAndTheCount() {
        List<String> texts = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> "s3://bucket/some/rather/long/prefix/part-" + i + ".parquet").toList();
        ObjectPattern.UriList list = (ObjectPattern.UriList) ObjectPattern.ofUris(texts);

        StagingException error = list.notFound(list.uris());

        assertThat(error.code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        assertThat(error.getMessage())
                .startsWith("Object not found: s3://bucket/some/rather/long/prefix/part-0.parquet, ")
                .endsWith("part-4.parquet and 19995 more (20000 of the 20000 listed objects do not exist)")
                .hasSizeLessThan(500);
        assertThat(list.notFound(list.uris().subList(0, 1)).getMessage())
                .isEqualTo("Object not found: s3://bucket/some/rather/long/prefix/part-0.parquet (1 of the 20000 listed objects do not exist)");
    }
}
