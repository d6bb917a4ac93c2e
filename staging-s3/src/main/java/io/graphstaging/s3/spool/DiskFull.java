package io.graphstaging.s3.spool;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Optional;

/** Recognises a write that failed because its file system is full (ENOSPC, EDQUOT). */
public final class DiskFull {
    private DiskFull() {}

    /** The I/O error in {@code failure}'s cause chain that says the disk is full. */
    public static Optional<IOException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io && says(io)) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    private static boolean says(IOException e) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }
}
