package io.graphstaging.core.port;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system of record for which files belong to which table and how far each has gone.
 * Throws only {@link io.graphstaging.core.error.StagingException}: {@code REGISTRY_FAILED}
 * when the registry cannot be reached, {@code REGISTRY_TABLE_NOT_FOUND} for unknown tables.
 */
public interface FileRegistry {

    /** A table's registration and whether this call created it. */
    record Registration(RegistryTable table, boolean created) {}

    /** Registers a table; idempotent (an existing registration is returned unchanged). */
    Registration registerTable(GraphId graph, TableName table, TableKind type);

    Optional<RegistryTable> findTable(GraphId graph, TableName table);

    /**
     * Registers a file of a registered table.
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND}
     */
    RegistryFile registerFile(NewRegistryFile file);

    /**
     * Files of a table, oldest first.
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND}
     */
    List<RegistryFile> listFiles(GraphId graph, TableName table);

    void markUploaded(GraphId graph, FileId file);

    void markUploadFailed(GraphId graph, FileId file);

    /**
     * Records a staging outcome in one transaction: each file of {@code staged} becomes
     * {@code staged} with its row count, each of {@code failed} becomes {@code failed}, and the
     * table's row and file counts are updated.
     */
    void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged, Collection<FileId> failed,
                       long tableRowCount);

    /** Marks files as ingested into the graph. Unknown ids are ignored. */
    void markIngested(GraphId graph, Collection<FileId> files);

    /** Throws {@code REGISTRY_FAILED} when the registry does not answer. */
    void checkHealth();
}
