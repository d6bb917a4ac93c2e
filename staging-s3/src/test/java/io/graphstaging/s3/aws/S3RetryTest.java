package io.graphstaging.s3.aws;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.SpoolDirectory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.spool.Spool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server errors and throttling, which S3Proxy cannot produce on demand: a real HTTP server
 * that answers the first requests with an error, then with a valid ListObjectsV2 result.
 */
class S3RetryTest {
    private static final String LISTING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
            <Name>bucket</Name><Prefix>p/</Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>
            <IsTruncated>false</IsTruncated>
            <Contents><Key>p/a.parquet</Key><Size>3</Size><ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag></Contents>
            </ListBucketResult>""";

    @TempDir
    Path spoolDir;

    private HttpServer http;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failuresBeforeSuccess;
    private volatile int failureStatus;
    private volatile String failureCode;
    private volatile int slowResponses;
    private S3ObjectStore store;

    @BeforeEach
    void startServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            if (n <= slowResponses) {
                try {
                    Thread.sleep(3_000); // longer than the client's socket timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean fail = n <= failuresBeforeSuccess;
            String body = fail
                    ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + failureCode
                            + "</Code><Message>injected</Message></Error>"
                    : LISTING;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(fail ? failureStatus : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.setExecutor(Executors.newCachedThreadPool()); // a stalled answer must not block the next one
        http.start();
    }

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        http.stop(0);
    }

    private S3ObjectStore store(int attempts) {
        ObjectStoreConfig config = Settings.read(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + http.getAddress().getPort(),
                "AWS_S3_ACCESS_KEY_ID", "id",
                "AWS_S3_SECRET_ACCESS_KEY", "secret",
                "STAGING_S3_MAX_ATTEMPTS", Integer.toString(attempts)), ObjectStoreConfig::from);
        store = new S3ObjectStore(S3ClientFactory.create(config, List.of(), Duration.ofMillis(500)),
                new Spool(new SpoolDirectory(spoolDir), 1 << 20), 2);
        return store;
    }

    @Test
    void serverErrorsAreRetriedAndTheListingThenSucceeds() {
        failuresBeforeSuccess = 2;
        failureStatus = 500;
        failureCode = "InternalError";

        List<ObjectInfo> found = store(4).resolve(ObjectPattern.parse("s3://bucket/p/*.parquet"));

        assertThat(found).extracting(i -> i.uri().toString()).containsExactly("s3://bucket/p/a.parquet");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void aStalledAnswerTimesOutAndIsRetried() {
        slowResponses = 1;

        List<ObjectInfo> found = store(3).resolve(ObjectPattern.parse("s3://bucket/p/*.parquet"));

        assertThat(found).hasSize(1);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void stalledAnswersBeyondTheAttemptLimitAreAnObjectStoreFailure() {
        slowResponses = Integer.MAX_VALUE;

        assertThatThrownBy(() -> store(2).resolve(ObjectPattern.parse("s3://bucket/p/*.parquet")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED))
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("SocketTimeoutException");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void throttlingBeyondTheAttemptLimitIsAnObjectStoreFailure() {
        failuresBeforeSuccess = Integer.MAX_VALUE;
        failureStatus = 503;
        failureCode = "SlowDown";

        assertThatThrownBy(() -> store(2).resolve(ObjectPattern.parse("s3://bucket/p/*.parquet")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECT_STORE_FAILED))
                .hasMessageContaining("HTTP 503")
                .hasMessageContaining("SlowDown")
                .hasMessageContaining("s3://bucket/p/*.parquet");
        assertThat(requests.get()).isEqualTo(2);
    }
}
