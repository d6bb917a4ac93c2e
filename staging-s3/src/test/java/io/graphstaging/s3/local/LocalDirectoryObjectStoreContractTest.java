package io.graphstaging.s3.local;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.testing.ObjectStoreContract;
import io.graphstaging.s3.spool.Spool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryObjectStoreContractTest extends ObjectStoreContract {
    private static final String BUCKET = "contract-bucket";

    @TempDir
    Path base;
    @TempDir
    Path spoolDir;

    private Spool spool;
    private LocalDirectoryObjectStore store;

    @BeforeEach
    void createStore() {
        spool = new Spool(new SpoolDirectory(spoolDir), 1L << 30);
        store = new LocalDirectoryObjectStore(base, spool);
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
        Path file = base.resolve(uri.bucket()).resolve(uri.key());
        try {
            Files.createDirectories(file.getParent());
            // Write aside and rename, as an uploader should: a hard-linked spool copy keeps the old bytes.
            Path temp = Files.createTempFile(base, "upload", ".tmp");
            Files.write(temp, content);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void deleteObject(ObjectUri uri) {
        try {
            Files.delete(base.resolve(uri.bucket()).resolve(uri.key()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Path graphDirectory(GraphId graph) {
        return spool.graphDirectory(graph);
    }
}
