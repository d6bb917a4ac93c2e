package io.graphstaging.s3.aws;

import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.testing.ObjectStoreContract;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.spool.Spool;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract against S3Proxy over real HTTP with signature checks. */
@ExtendWith(S3ProxyExtension.class)
class S3ObjectStoreContractTest extends ObjectStoreContract {
    private static final String BUCKET = "contract-bucket";

    @TempDir
    Path spoolDir;

    private S3ProxyServer server;
    private Spool spool;
    private S3ObjectStore store;

    @BeforeEach
    void createStore(S3ProxyServer server) {
        this.server = server;
        server.createBucket(BUCKET);
        ObjectStoreConfig config = Settings.read(server.environment(), ObjectStoreConfig::from);
        spool = new Spool(new SpoolDirectory(spoolDir), config.spoolMaxBytes());
        store = new S3ObjectStore(S3ClientFactory.create(config), spool, config.maxConcurrency());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @Override
    protected void putObject(ObjectUri uri, byte[] content) {
        server.putObject(uri.bucket(), uri.key(), content);
    }

    @Override
    protected void deleteObject(ObjectUri uri) {
        server.deleteObject(uri.bucket(), uri.key());
    }

    @Override
    protected Path graphDirectory(GraphId graph) {
        return spool.graphDirectory(graph);
    }
}
