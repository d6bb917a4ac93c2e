package io.graphstaging.core.testing;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract on the in-memory store. */
class InMemoryObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path spool;
    private InMemoryObjectStore store;

    @BeforeEach
    void open() {
        store = new InMemoryObjectStore(spool);
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected String bucket() {
        return "bucket";
    }

    @Override
    protected void putObject(ObjectUri uri, byte[] content) {
        store.put(uri, content);
    }

    @Override
    protected void deleteObject(ObjectUri uri) {
        store.delete(uri);
    }

    @Override
    protected Path graphDirectory(GraphId graph) {
        return store.graphDirectory(graph);
    }
}
