package io.graphstaging.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectStoreConfigTest {

    @Test
    void nothingSetMeansTheLocalDirectoryWithDefaults() {
        ObjectStoreConfig config = ObjectStoreConfig.fromEnvironment(Map.of());

        assertThat(config.kind()).isEqualTo(ObjectStoreConfig.Kind.LOCAL);
        assertThat(config.localDirectory()).isEqualTo(Path.of("./data/object-store"));
        assertThat(config.spoolDirectory()).isEqualTo(Path.of("./data/duckdb-staging/spool"));
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.maxConcurrency()).isEqualTo(8);
        assertThat(config.spoolMaxBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
    }

    @Test
    void theSpoolFollowsTheStagingDirectoryUnlessSetItself() {
        assertThat(ObjectStoreConfig.fromEnvironment(Map.of("DUCKDB_STAGING_DIR", "/srv/staging")).spoolDirectory())
                .isEqualTo(Path.of("/srv/staging/spool"));
        assertThat(ObjectStoreConfig.fromEnvironment(Map.of("DUCKDB_STAGING_DIR", "/srv/staging",
                "STAGING_SPOOL_DIR", "/fast/spool")).spoolDirectory()).isEqualTo(Path.of("/fast/spool"));
    }

    @Test
    void anEndpointOrKeysMeanS3() {
        ObjectStoreConfig withEndpoint = ObjectStoreConfig.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"));
        assertThat(withEndpoint.kind()).isEqualTo(ObjectStoreConfig.Kind.S3);
        assertThat(withEndpoint.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(withEndpoint.accessKeyId()).isEmpty();

        ObjectStoreConfig withKeys = ObjectStoreConfig.fromEnvironment(Map.of(
                "AWS_S3_ACCESS_KEY_ID", "id", "AWS_S3_SECRET_ACCESS_KEY", "s", "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(withKeys.kind()).isEqualTo(ObjectStoreConfig.Kind.S3);
        assertThat(withKeys.region()).isEqualTo("eu-west-1");
        assertThat(withKeys.endpoint()).isEmpty();

        assertThat(ObjectStoreConfig.fromEnvironment(Map.of("STAGING_OBJECT_STORE", "s3")).kind())
                .isEqualTo(ObjectStoreConfig.Kind.S3);
    }

    @Test
    void everyProblemIsReportedAtOnceWithoutTheSecret() {
        assertThatThrownBy(() -> ObjectStoreConfig.fromEnvironment(Map.of(
                "AWS_ENDPOINT_URL", "ftp://user:pw@host",
                "AWS_S3_SECRET_ACCESS_KEY", "top-secret-value",
                "AWS_DEFAULT_REGION", "Not A Region",
                "STAGING_S3_MAX_CONCURRENCY", "0",
                "STAGING_SPOOL_MAX_BYTES", "lots",
                "STAGING_OBJECT_STORE", "gcs")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL")
                .hasMessageContaining("AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY must be set together")
                .hasMessageContaining("AWS_DEFAULT_REGION")
                .hasMessageContaining("STAGING_S3_MAX_CONCURRENCY")
                .hasMessageContaining("STAGING_SPOOL_MAX_BYTES")
                .hasMessageContaining("STAGING_OBJECT_STORE")
                .hasMessageNotContaining("top-secret-value")
                .hasMessageNotContaining("pw@");
    }

    @Test
    void theSecretNeverAppearsInToString() {
        ObjectStoreConfig config = ObjectStoreConfig.fromEnvironment(Map.of(
                "AWS_S3_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret"));

        assertThat(config.toString()).contains("AKIDEXAMPLE").contains("***").doesNotContain("wJalrXUtnFEMI-secret");
    }
}
