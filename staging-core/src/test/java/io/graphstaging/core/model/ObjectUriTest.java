package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectUriTest {

    @Test
    void parsesBucketAndKey() {
        ObjectUri uri = ObjectUri.parse("s3://my-bucket.data/graph1/entities/a.parquet");

        assertThat(uri.bucket()).isEqualTo("my-bucket.data");
        assertThat(uri.key()).isEqualTo("graph1/entities/a.parquet");
        assertThat(uri).hasToString("s3://my-bucket.data/graph1/entities/a.parquet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space.parquet", "it's \"quoted\";.parquet", "ünïcødé/数据/😀.parquet",
            "a/..b/c..", "semi;colon", "percent%2F", "x/.hidden"})
    void keysWithOddButHarmlessCharactersAreAccepted(String key) {
        assertThat(ObjectUri.parse("s3://bucket/" + key).key()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket/../etc/passwd", "s3://bucket/a/../../b", "s3://bucket/a/./b",
            "s3://bucket/..", "s3://bucket/a/..", "s3://bucket//etc/passwd", "s3://bucket/a\\..\\b",
            "s3://bucket/a\nb", "s3://bucket/a\u0000b", "s3://bucket/a\u007fb", "s3://bucket/",
            "s3://bucket", "s3:///key", "http://bucket/key", "/etc/passwd", "", "bucket/key"})
    void hostileOrMalformedUrisAreRejected(String text) {
        assertThatThrownBy(() -> ObjectUri.parse(text))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OBJECT_URI));
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> ObjectUri.parse(null)).isInstanceOf(StagingException.class);
        assertThatThrownBy(() -> new ObjectUri("bucket", null)).isInstanceOf(StagingException.class);
        assertThatThrownBy(() -> new ObjectUri(null, "key")).isInstanceOf(StagingException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Bucket", "bucket_name", "-bucket", "bucket-", "a..b", "bu*ket",
            "bucket/x", "this-bucket-name-is-far-too-long-for-s3-because-it-has-more-than-63"})
    void bucketsBreakingS3RulesAreRejected(String bucket) {
        assertThatThrownBy(() -> new ObjectUri(bucket, "key"))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OBJECT_URI));
    }

    @Test
    void keysAreLimitedTo1024Utf8Bytes() {
        assertThat(new ObjectUri("bucket", "k".repeat(1024)).key()).hasSize(1024);
        assertThatThrownBy(() -> new ObjectUri("bucket", "k".repeat(1025))).isInstanceOf(StagingException.class);
        // 342 three-byte characters are 1026 bytes though only 342 chars.
        assertThatThrownBy(() -> new ObjectUri("bucket", "数".repeat(342))).isInstanceOf(StagingException.class);
    }

    @Test
    void controlCharactersAreNotEchoedInTheMessage() {
        assertThatThrownBy(() -> new ObjectUri("bucket", "evil\r\nInjected: header"))
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageContaining("evil??Injected: header");
    }
}
