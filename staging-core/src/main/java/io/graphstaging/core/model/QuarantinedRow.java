package io.graphstaging.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A source row a {@code quarantine} contract kept aside instead of staging it.
 *
 * @param file      the file's provenance key ({@link SourceFile#provenanceKey()})
 * @param fileId    the file's id, when the table has them
 * @param rowNumber the row's ordinal in its file, from 0
 * @param reason    why it was not staged, naming the column
 * @param values    the source row as JSON text
 */
public record QuarantinedRow(String file, Optional<String> fileId, long rowNumber, String reason, String values) {
    public QuarantinedRow {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(values, "values");
    }
}
