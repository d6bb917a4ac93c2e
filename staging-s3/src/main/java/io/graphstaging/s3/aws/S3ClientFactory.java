package io.graphstaging.s3.aws;

import io.graphstaging.s3.ObjectStoreConfig;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the synchronous S3 client from the configuration: static keys or the SDK's default
 * chain, path-style addressing with a custom endpoint, one pooled connection per concurrent
 * request, and the SDK's standard retry strategy (throttling, 5xx and I/O errors retried with
 * exponential backoff and jitter) limited to the configured attempts. No multipart download:
 * a GET is one request for the whole object.
 */
public final class S3ClientFactory {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Time without a byte on an open connection; a whole large download may take longer.
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private S3ClientFactory() {}

    public static S3Client create(ObjectStoreConfig config) {
        return create(config, List.of());
    }

    /** @param interceptors observe requests (tests count GETs with one) */
    public static S3Client create(ObjectStoreConfig config, List<ExecutionInterceptor> interceptors) {
        return create(config, interceptors, SOCKET_TIMEOUT);
    }

    /** @param socketTimeout longest wait for a byte on an open connection (tests shorten it) */
    public static S3Client create(ObjectStoreConfig config, List<ExecutionInterceptor> interceptors,
            Duration socketTimeout) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts())
                        .build());
        interceptors.forEach(overrides::addExecutionInterceptor);
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(config.maxConcurrency())
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(socketTimeout))
                .overrideConfiguration(overrides.build());
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ObjectStoreConfig config) {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get().reveal()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
