package io.graphstaging.duckdb.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local file as staged: its real path (a spool path names the object's bucket, key and ETag),
 * size and last-modified time. Equal fingerprints mean the store may keep what it staged from
 * the file instead of reading it again.
 */
record FileFingerprint(String path, long sizeBytes, long modifiedMillis) {

    /**
     * The files' fingerprints, in order.
     *
     * @throws StagingException {@code UNREADABLE_FILE} naming the object whose copy is gone
     */
    static List<FileFingerprint> of(List<SourceFile> files) {
        List<FileFingerprint> fingerprints = new ArrayList<>(files.size());
        for (SourceFile f : files) {
            try {
                Path real = f.localPath().toRealPath();
                fingerprints.add(new FileFingerprint(real.toString(), Files.size(real),
                        Files.getLastModifiedTime(real).toMillis()));
            } catch (IOException e) {
                throw new StagingException(ErrorCode.UNREADABLE_FILE, "File " + f.uri() + " cannot be read: "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return fingerprints;
    }
}
