package io.graphstaging.core.usecase;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.TableName;
import java.util.Map;
import java.util.Objects;

/**
 * Stage the objects a pattern names into a table (create or append).
 *
 * @param fileIds tags for rows by object; only with a list of objects
 */
public record StageFilesCommand(GraphId graph, TableName table, ObjectPattern pattern, Map<ObjectUri, FileId> fileIds) {
    public StageFilesCommand {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(pattern, "pattern");
        fileIds = fileIds == null ? Map.of() : Map.copyOf(fileIds);
    }
}
