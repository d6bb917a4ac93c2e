package io.graphstaging.core.port;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The system of record for which files belong to which table and how far each has gone.
 *
 * <p>A table's {@code fileCount} and {@code totalSizeBytes} count the files registered for it;
 * its {@code rowCount} is the row count of the staging table as last recorded by
 * {@link #recordStaging}.
 *
 * <p>Throws only {@link io.graphstaging.core.error.StagingException}: {@code REGISTRY_FAILED}
 * when the registry cannot be reached or fails, {@code REGISTRY_TABLE_NOT_FOUND} for unknown
 * tables where a table must exist.
 */
public interface FileRegistry {

    /** A table's registration and whether this call created it. */
    record Registration(RegistryTable table, boolean created) {}

    /**
     * An object a create or append staged directly (not from the registry), the file id its rows
     * were tagged with (empty: tagged by its URI), which a refresh must tag them with again, and
     * the rows read from it.
     */
    record StagedObject(ObjectUri uri, long sizeBytes, Optional<FileId> stagingFileId, long stagedRows) {
        public StagedObject {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(stagingFileId, "stagingFileId");
        }
    }

    /**
     * Registers a table; idempotent: an existing registration is returned unchanged (even when
     * {@code type} differs), with {@code created == false}.
     */
    Registration registerTable(GraphId graph, TableName table, TableKind type);

    /** The table's registration; empty when it is not registered. */
    Optional<RegistryTable> findTable(GraphId graph, TableName table);

    /** The schema contract kept for a registered table; empty when none was set or it is not registered. */
    Optional<SchemaContract> schemaContract(GraphId graph, TableName table);

    /** Keeps the table's schema contract, for refreshes; false when the table is not registered. */
    boolean setSchemaContract(GraphId graph, TableName table, SchemaContract contract);

    /**
     * Registers a file of a registered table with a new {@code gf_...} id. Its staging and graph
     * statuses start {@code pending}; {@code uploadedAt} is set when its upload is completed.
     * A table holds each object ({@code s3Key}) once: registering it again changes nothing.
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND};
     *         {@code REGISTRY_FILE_EXISTS} naming the file id the object already has in the table
     */
    RegistryFile registerFile(NewRegistryFile file);

    /**
     * Files of a table, oldest registration first.
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND}
     */
    List<RegistryFile> listFiles(GraphId graph, TableName table);

    /** Marks a file's upload completed (and sets {@code uploadedAt}); false when the graph has no such file. */
    boolean markUploaded(GraphId graph, FileId file);

    /** Marks a file's upload failed; false when the graph has no such file. */
    boolean markUploadFailed(GraphId graph, FileId file);

    /**
     * Records the outcome of rebuilding the table's staging table, in one transaction: each
     * file of {@code staged} becomes {@code staged} with its row count and staging time, each
     * of {@code failed} becomes {@code failed} (row count cleared), every other file of the
     * table that was {@code staged} goes back to {@code pending} (the rebuilt table no longer
     * holds it), and the table's row count becomes {@code tableRowCount}. Ids that are not
     * files of this table are ignored.
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND}
     */
    void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged, Collection<FileId> failed,
                       long tableRowCount);

    /** Marks files of the graph as ingested into the graph database. Unknown ids are ignored. */
    void markIngested(GraphId graph, Collection<FileId> files);

    /**
     * Forgets what was done with the graph's files after its databases were removed, in one
     * transaction: with {@code graphToo} false (only the staging database went) every file's
     * {@code duckdbStatus} goes back to {@code pending} (row count and staging time cleared) and
     * each table's row count to 0; with {@code graphToo} true, every file's {@code graphStatus}
     * also goes back to {@code pending} (ingestion time cleared). Registrations stay. Returns
     * how many files were registered for the graph.
     */
    int resetGraph(GraphId graph, boolean graphToo);

    /**
     * Marks files of the graph as not in the graph database (their rows were removed from it, or
     * none of them is there any more). Unknown ids are ignored.
     */
    void markGraphPending(GraphId graph, Collection<FileId> files);

    /** The graph's registered tables, in registration order (a node rebuilding its staging refreshes each). */
    List<RegistryTable> listTables(GraphId graph);

    /**
     * Records, in one transaction, the objects a create ({@code replace}) or append staged into
     * the table: registers the table when missing (as {@code type}), each object once per table
     * (an object already registered keeps its id and position and takes the new tag), upload
     * completed, {@code staged} with its row count and staging time; the table's row count becomes
     * {@code tableRowCount}. With {@code replace} the staging table holds these objects only: the
     * table's other directly staged files are removed, and its other files (registered through
     * the registry) go back to {@code pending}, their registrations kept. Idempotent: repeating it
     * registers nothing twice.
     */
    void registerStaged(GraphId graph, TableName table, TableKind type, List<StagedObject> objects, boolean replace,
                        long tableRowCount);

    /**
     * The table's staging table was dropped: in one transaction its directly staged files are
     * removed from the registry and its other files go back to {@code pending} (row count and
     * staging time cleared), the table's row count to 0; the table's registration stays. Returns
     * how many files were removed; an unknown table changes nothing.
     */
    int resetTable(GraphId graph, TableName table);

    /**
     * The tag of each of the table's directly staged files, by registry id (empty: tagged by its
     * URI); a file not in the map is tagged with its registry id. Empty for an unknown table.
     */
    Map<FileId, Optional<FileId>> stagingTags(GraphId graph, TableName table);

    /**
     * Removes the registration of the table's file whose rows carry {@code fileId} (its staging
     * tag, or its registry id when it has none). Returns how many registrations were removed.
     */
    int forgetStaged(GraphId graph, TableName table, FileId fileId);

    /** Returns when the registry answers; throws {@code REGISTRY_FAILED} when it does not. */
    void checkHealth();
}
