package io.graphstaging.s3.snapshot;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.snapshot.GraphSnapshotStore;
import io.graphstaging.core.testing.GraphSnapshotStoreContract;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The snapshot store's contract against S3Proxy over HTTP with signature checks; a small multipart
 * threshold (5 MiB parts, S3's minimum) sends the large file through the multipart upload.
 */
@ExtendWith(S3ProxyExtension.class)
class S3GraphSnapshotStoreContractTest extends GraphSnapshotStoreContract {
    private static final String BUCKET = "snapshot-bucket";
    private static final String PREFIX = "cluster/snaps";
    private static final long PART = 5L << 20;

    private S3ProxyServer server;
    private S3Client s3;
    private S3GraphSnapshotStore store;

    @BeforeEach
    void createStore(S3ProxyServer server) {
        this.server = server;
        server.createBucket(BUCKET);
        ObjectStoreConfig config = Settings.read(server.environment(), ObjectStoreConfig::from);
        s3 = S3ClientFactory.create(config);
        store = new S3GraphSnapshotStore(s3, new ObjectUri(BUCKET, PREFIX), PART, PART);
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Override
    protected GraphSnapshotStore store() {
        return store;
    }

    @Override
    protected int largeFileBytes() {
        return (int) (2 * PART + 12345); // three parts
    }

    @Override
    protected List<String> keys(GraphId graph) {
        String prefix = PREFIX + "/" + graph.value() + "/snapshots/";
        return server.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).map(k -> k.substring(prefix.length())).toList();
    }

    @Override
    protected void corrupt(GraphId graph, String relativeKey) {
        String key = PREFIX + "/" + graph.value() + "/snapshots/" + relativeKey;
        byte[] bytes = server.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        bytes[bytes.length / 2] ^= 1;
        server.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }
}
