package io.graphstaging.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Object store settings, read from the environment (see {@code http-api.md}, Configuration).
 * S3 is used when {@code AWS_ENDPOINT_URL} or explicit keys are set, else a local directory;
 * {@code STAGING_OBJECT_STORE=s3|local} forces the choice (S3 with the SDK's default
 * credential chain and no endpoint needs it). The secret never appears in {@link #toString()}.
 *
 * @param kind which store serves {@code s3://} URIs
 * @param endpoint an S3-compatible endpoint (then path-style addressing); empty for AWS
 * @param region the signing region
 * @param accessKeyId with {@code secretAccessKey}: static credentials; empty for the SDK chain
 * @param secretAccessKey never logged
 * @param localDirectory the local store's base: {@code s3://bucket/key} is {@code <dir>/bucket/key}
 * @param spoolDirectory local copies, one sub-directory per graph
 * @param maxConcurrency parallel S3 requests (downloads and heads) at most
 * @param spoolMaxBytes spool size above which unused copies are evicted
 * @param maxAttempts attempts per S3 request (throttling, timeouts, 5xx are retried with backoff)
 */
public record ObjectStoreConfig(
        Kind kind,
        Optional<URI> endpoint,
        String region,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        Path localDirectory,
        Path spoolDirectory,
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
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("Access key id and secret access key must be given together");
        }
        if (maxConcurrency < 1 || spoolMaxBytes < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxConcurrency, spoolMaxBytes and maxAttempts must be positive");
        }
    }

    /**
     * Reads and validates every variable, reporting all problems in one exception.
     *
     * @throws IllegalArgumentException listing each invalid variable (never a secret's value)
     */
    public static ObjectStoreConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();

        Optional<URI> endpoint = value(env, "AWS_ENDPOINT_URL").flatMap(text -> parseEndpoint(text, problems));
        Optional<String> keyId = value(env, "AWS_S3_ACCESS_KEY_ID");
        Optional<String> secret = value(env, "AWS_S3_SECRET_ACCESS_KEY");
        if (keyId.isPresent() != secret.isPresent()) {
            problems.add("AWS_S3_ACCESS_KEY_ID and AWS_S3_SECRET_ACCESS_KEY must be set together");
        }
        String region = value(env, "AWS_DEFAULT_REGION").orElse(DEFAULT_REGION);
        if (!REGION.matcher(region).matches()) {
            problems.add("AWS_DEFAULT_REGION must be a region name like us-east-1, got '" + region + "'");
        }

        Kind kind = endpoint.isPresent() || keyId.isPresent() || secret.isPresent() ? Kind.S3 : Kind.LOCAL;
        Optional<String> forced = value(env, "STAGING_OBJECT_STORE");
        if (forced.isPresent()) {
            switch (forced.get()) {
                case "s3" -> kind = Kind.S3;
                case "local" -> kind = Kind.LOCAL;
                default -> problems.add("STAGING_OBJECT_STORE must be 's3' or 'local', got '" + forced.get() + "'");
            }
        }

        Path localDir = path(env, "STAGING_OBJECT_STORE_DIR", "./data/object-store", problems);
        Path stagingDir = path(env, "DUCKDB_STAGING_DIR", "./data/duckdb-staging", problems);
        Path spoolDir = value(env, "STAGING_SPOOL_DIR").isPresent()
                ? path(env, "STAGING_SPOOL_DIR", "", problems)
                : stagingDir.resolve("spool");
        int concurrency = (int) number(env, "STAGING_S3_MAX_CONCURRENCY", DEFAULT_MAX_CONCURRENCY, 1, 256, problems);
        long spoolMax = number(env, "STAGING_SPOOL_MAX_BYTES", DEFAULT_SPOOL_MAX_BYTES, 1, Long.MAX_VALUE, problems);
        int attempts = (int) number(env, "STAGING_S3_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 10, problems);

        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid object store configuration: " + String.join("; ", problems));
        }
        return new ObjectStoreConfig(kind, endpoint, region, keyId, secret, localDir, spoolDir,
                concurrency, spoolMax, attempts);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String text = env.get(name);
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    private static Optional<URI> parseEndpoint(String text, List<String> problems) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null) {
                problems.add("AWS_ENDPOINT_URL must be an http(s) URL with a host and no user info, got '"
                        + text.replaceAll("//[^/@]*@", "//***@") + "'");
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add("AWS_ENDPOINT_URL is not a valid URL");
            return Optional.empty();
        }
    }

    private static Path path(Map<String, String> env, String name, String fallback, List<String> problems) {
        String text = value(env, name).orElse(fallback);
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problems.add(name + " is not a valid path: '" + text + "'");
            return Path.of(".");
        }
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max,
            List<String> problems) {
        Optional<String> text = value(env, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(text.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the other problems
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", got '" + text.get() + "'");
        return fallback;
    }

    @Override
    public String toString() {
        return "ObjectStoreConfig[kind=" + kind + ", endpoint=" + endpoint.map(URI::toString).orElse("(AWS)")
                + ", region=" + region + ", accessKeyId=" + accessKeyId.orElse("(SDK default chain)")
                + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "***" : "(none)")
                + ", localDirectory=" + localDirectory + ", spoolDirectory=" + spoolDirectory
                + ", maxConcurrency=" + maxConcurrency + ", spoolMaxBytes=" + spoolMaxBytes
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
