package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Rebuilds a staging table from the file registry: every file of the table whose upload is
 * completed, each tagged with its registry id.
 */
public final class RefreshTable {
    private final FileRegistry registry;
    private final ObjectStore objects;
    private final StagingStore store;
    private final TableLocks locks;

    @Inject
    public RefreshTable(FileRegistry registry, ObjectStore objects, StagingStore store, TableLocks locks) {
        this.registry = registry;
        this.objects = objects;
        this.store = store;
        this.locks = locks;
    }

    /** The rebuilt table and the registry files it was built from. */
    public record Outcome(StagedTable table, List<RegistryFile> stagedFiles, List<RegistryFile> failedFiles) {}

    public Outcome execute(GraphId graph, TableName table) {
        return locks.onTable(graph, table, () -> {
            registry.findTable(graph, table).orElseThrow(() -> new StagingException(ErrorCode.REGISTRY_TABLE_NOT_FOUND,
                    "The registry has no table " + table + " in graph " + graph));
            List<RegistryFile> completed = registry.listFiles(graph, table).stream()
                    .filter(f -> f.uploadStatus() == UploadStatus.COMPLETED)
                    .toList();
            if (completed.isEmpty()) {
                throw new StagingException(ErrorCode.NO_COMPLETED_FILES,
                        "Table " + table + " of graph " + graph + " has no file whose upload is completed");
            }
            throw new UnsupportedOperationException("refresh: staging and recording are built in issue 4");
        });
    }
}
