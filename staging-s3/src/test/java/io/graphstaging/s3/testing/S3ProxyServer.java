package io.graphstaging.s3.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A real S3 server for tests: S3Proxy in-process on 127.0.0.1 (random port), AWS signature
 * v4 checks on, objects in memory. It can be stopped and restarted on the same port with its
 * objects kept, to test a store that loses its server. Objects are written through a separate
 * SDK client over HTTP, like any S3 user would.
 *
 * <p>Use one per test JVM through {@link S3ProxyExtension}.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "staging-test-access";
    public static final String SECRET_KEY = "staging-test-secret";
    public static final String REGION = "us-east-1";

    private final TransientNio2BlobStore blobStore = new TransientNio2BlobStore();
    private final S3Client admin;
    private final int port;
    private S3Proxy proxy;

    private S3ProxyServer() throws Exception {
        proxy = build(0);
        proxy.start();
        port = proxy.getPort();
        admin = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    /** Starts a server; {@link #close()} stops it. */
    public static S3ProxyServer start() {
        try {
            return new S3ProxyServer();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    private S3Proxy build(int listenPort) {
        return S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://127.0.0.1:" + listenPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The variables that point the platform's S3 store at this server. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint().toString(),
                "AWS_S3_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_S3_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_DEFAULT_REGION", REGION);
    }

    /** A client with the right credentials, for setting up and inspecting objects. */
    public S3Client client() {
        return admin;
    }

    /** Creates the bucket unless it exists. */
    public void createBucket(String bucket) {
        try {
            admin.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // idempotent by design: tests share one server
        }
    }

    public void putObject(String bucket, String key, byte[] content) {
        admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void putObject(String bucket, String key, Path file) {
        admin.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    public void deleteObject(String bucket, String key) {
        admin.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public boolean exists(String bucket, String key) {
        try {
            admin.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** Stops serving; open connections are cut. Objects are kept for {@link #restart()}. */
    public synchronized void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }

    /** Serves again on the same port, with the same objects. */
    public synchronized void restart() {
        proxy = build(port);
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not restart on port " + port, e);
        }
    }

    public synchronized boolean isRunning() {
        return "STARTED".equals(proxy.getState());
    }

    @Override
    public synchronized void close() throws Exception {
        admin.close();
        if (isRunning()) {
            proxy.stop();
        }
        blobStore.close();
    }
}
