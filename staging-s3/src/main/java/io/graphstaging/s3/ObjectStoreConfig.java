package io.graphstaging.s3;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Secret;
import io.graphstaging.core.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Object store settings. S3 is used when {@code AWS_ENDPOINT_URL} or explicit keys are set, else
 * a local directory; {@code STAGING_OBJECT_STORE=s3|local} forces the choice (S3 with the SDK's
 * default credential chain and no endpoint needs it). Where fetched copies go is not a setting
 * of this adapter: it is the {@link io.graphstaging.core.model.SpoolDirectory} the composition
 * hands to both the object store and the staging store.
 *
 * @param kind which store serves {@code s3://} URIs
 * @param endpoint an S3-compatible endpoint (then path-style addressing); empty for AWS
 * @param region the signing region
 * @param accessKeyId with {@code secretAccessKey}: static credentials; empty for the SDK chain
 * @param secretAccessKey never printed
 * @param localDirectory the local store's base: {@code s3://bucket/key} is {@code <dir>/bucket/key}
 * @param maxConcurrency parallel S3 requests (downloads and heads) at most
 * @param spoolMaxBytes spool size above which unused copies are evicted
 * @param maxAttempts attempts per S3 request (throttling, timeouts, 5xx are retried with backoff)
 */
public record ObjectStoreConfig(
        Kind kind,
        Optional<URI> endpoint,
        String region,
        Optional<String> accessKeyId,
        Optional<Secret> secretAccessKey,
        Path localDirectory,
        int maxConcurrency,
        long spoolMaxBytes,
        int maxAttempts) {

    public enum Kind { S3, LOCAL }

    public static final String DEFAULT_REGION = "us-east-1";
    public static final int DEFAULT_MAX_CONCURRENCY = 8;
    public static final long DEFAULT_SPOOL_MAX_BYTES = 10L * 1024 * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTEMPTS = 4;

    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    public ObjectStoreConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(localDirectory, "localDirectory");
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("Access key id and secret access key must be given together");
        }
        if (maxConcurrency < 1 || spoolMaxBytes < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxConcurrency, spoolMaxBytes and maxAttempts must be positive");
        }
    }

    /** Reads the settings; problems (never a secret's value) are collected in {@code settings}. */
    public static ObjectStoreConfig from(Settings settings) {
        Optional<URI> endpoint = settings.optionalText("AWS_ENDPOINT_URL").flatMap(text -> parseEndpoint(text, settings));
        Optional<String> keyId = settings.optionalText("AWS_S3_ACCESS_KEY_ID");
        Optional<Secret> secret = settings.secret("AWS_S3_SECRET_ACCESS_KEY");
        if (keyId.isPresent() != secret.isPresent()) {
            settings.problem("AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY must be set together");
        }
        String region = settings.text("AWS_DEFAULT_REGION", DEFAULT_REGION);
        if (!REGION.matcher(region).matches()) {
            settings.problem("AWS_DEFAULT_REGION must be a region name like us-east-1, was '" + region + "'");
        }
        Kind implied = endpoint.isPresent() || keyId.isPresent() || secret.isPresent() ? Kind.S3 : Kind.LOCAL;
        Kind kind = settings.choice("STAGING_OBJECT_STORE", implied);
        Path localDir = settings.path("STAGING_OBJECT_STORE_DIR", Path.of("data", "object-store"));
        int concurrency = settings.integer("STAGING_S3_MAX_CONCURRENCY", DEFAULT_MAX_CONCURRENCY, 1, 256);
        long spoolMax = settings.size("STAGING_SPOOL_MAX_BYTES", ByteSize.ofBytes(DEFAULT_SPOOL_MAX_BYTES),
                ByteSize.ofBytes(1), ByteSize.ofBytes(Long.MAX_VALUE)).bytes();
        int attempts = settings.integer("STAGING_S3_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 10);
        if (keyId.isPresent() != secret.isPresent()) {
            return new ObjectStoreConfig(kind, endpoint, region, Optional.empty(), Optional.empty(), localDir,
                    concurrency, spoolMax, attempts);
        }
        return new ObjectStoreConfig(kind, endpoint, region, keyId, secret, localDir, concurrency, spoolMax, attempts);
    }

    private static Optional<URI> parseEndpoint(String text, Settings settings) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                settings.problem("AWS_ENDPOINT_URL must be an http(s) URL with a host and no user info, was '"
                        + text.replaceAll("//[^/@]*@", "//***@") + "'");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            settings.problem("AWS_ENDPOINT_URL is not a valid URL");
            return Optional.empty();
        }
    }
}
