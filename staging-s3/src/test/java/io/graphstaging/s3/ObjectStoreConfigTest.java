package io.graphstaging.s3;

import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectStoreConfigTest {

    @Test
    void nothingSetMeansTheLocalDirectoryWithDefaults() {
        ObjectStoreConfig config = Settings.read(Map.of(), ObjectStoreConfig::from);

        assertThat(config.kind()).isEqualTo(ObjectStoreConfig.Kind.LOCAL);
        assertThat(config.localDirectory()).isEqualTo(Path.of("data/object-store"));
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.maxConcurrency()).isEqualTo(8);
        assertThat(config.spoolMaxBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
    }

    @Test
    void anEndpointOrKeysMeanS3() {
        ObjectStoreConfig withEndpoint = Settings.read(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"), ObjectStoreConfig::from);
        assertThat(withEndpoint.kind()).isEqualTo(ObjectStoreConfig.Kind.S3);
        assertThat(withEndpoint.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(withEndpoint.accessKeyId()).isEmpty();

        ObjectStoreConfig withKeys = Settings.read(Map.of(
                "AWS_S3_ACCESS_KEY_ID", "id", "AWS_S3_SECRET_ACCESS_KEY", "s", "AWS_DEFAULT_REGION", "eu-west-1"), ObjectStoreConfig::from);
        assertThat(withKeys.kind()).isEqualTo(ObjectStoreConfig.Kind.S3);
        assertThat(withKeys.region()).isEqualTo("eu-west-1");
        assertThat(withKeys.endpoint()).isEmpty();

        assertThat(Settings.read(Map.of("STAGING_OBJECT_STORE", "s3"), ObjectStoreConfig::from).kind())
                .isEqualTo(ObjectStoreConfig.Kind.S3);
    }

    @Test
    void everyProblemIsReportedAtOnceWithoutTheSecret() {
        assertThatThrownBy(() -> Settings.read(Map.of(
                "AWS_ENDPOINT_URL", "ftp://user:pw@host",
                "AWS_S3_SECRET_ACCESS_KEY", "top-secret-value",
                "AWS_DEFAULT_REGION", "Not A Region",
                "STAGING_S3_MAX_CONCURRENCY", "0",
                "STAGING_SPOOL_MAX_BYTES", "lots",
                "STAGING_OBJECT_STORE", "gcs"), ObjectStoreConfig::from))
                .isInstanceOf(InvalidConfigurationException.class)
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
        ObjectStoreConfig config = Settings.read(Map.of(
                "AWS_S3_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_S3_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret"), ObjectStoreConfig::from);

        assertThat(config.toString()).contains("AKIDEXAMPLE").contains("***").doesNotContain("wJalrXUtnFEMI-secret");
    }
}
