package io.graphstaging.s3.spool;

import io.graphstaging.core.model.ObjectInfo;
import java.io.IOException;
import java.nio.file.Path;

/** Writes one object's bytes into the spool: a download, a hard link or a copy. */
@FunctionalInterface
public interface SpoolFiller {

    /**
     * Writes the whole object to {@code target}, a file that does not exist yet. The spool
     * checks the size, then renames the file into place; on any exception it deletes it.
     *
     * @throws io.graphstaging.core.error.StagingException with the store's error code when
     *         the object cannot be read
     * @throws IOException when writing the local file fails
     */
    void fill(ObjectInfo object, Path target) throws IOException;
}
