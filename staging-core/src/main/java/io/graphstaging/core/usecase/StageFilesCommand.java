package io.graphstaging.core.usecase;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableName;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stage the objects a pattern names into a table (create or append).
 *
 * @param fileIds  tags for rows by object; only with a list of objects
 * @param contract the table's schema contract; empty: the default for a create, the table's own
 *                 for an append (given, it replaces the table's)
 */
public record StageFilesCommand(GraphId graph, TableName table, ObjectPattern pattern, Map<ObjectUri, FileId> fileIds,
                                Optional<SchemaContract> contract) {
    public StageFilesCommand {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(pattern, "pattern");
        fileIds = fileIds == null ? Map.of() : Map.copyOf(fileIds);
        Objects.requireNonNull(contract, "contract");
    }

    /** A command without a contract. */
    public StageFilesCommand(GraphId graph, TableName table, ObjectPattern pattern, Map<ObjectUri, FileId> fileIds) {
        this(graph, table, pattern, fileIds, Optional.empty());
    }
}
