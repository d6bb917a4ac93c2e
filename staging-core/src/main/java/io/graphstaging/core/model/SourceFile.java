package io.graphstaging.core.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One object made available on local disk for staging.
 *
 * @param uri       where it came from
 * @param localPath a readable local copy (the object store's spool, or the file itself)
 * @param fileId    the id its rows are tagged with, when the caller gave one
 */
public record SourceFile(ObjectUri uri, Path localPath, Optional<FileId> fileId) {
    public SourceFile {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(fileId, "fileId");
    }

    /** How staging knows this file: its file id when given, else its URI. */
    public String provenanceKey() {
        return fileId.map(FileId::value).orElseGet(uri::toString);
    }
}
