package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.FileRegistry.StagedObject;
import io.graphstaging.core.snapshot.GraphSnapshots;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the registry in step with creates, appends and file deletes that did not come from it,
 * so that a node taking a graph over ({@link RestoreGraph}) can rebuild every staging table.
 * Only when graph snapshots are on: on a single node nothing restores from the registry, and
 * staging keeps working while the registry is down.
 *
 * <p>Order: the registry is checked before anything is staged (a registry that is down refuses
 * the request with {@code REGISTRY_FAILED}, the table unchanged); the files are registered after
 * staging. If the registry fails in between, the table is staged but not registered: the error
 * says so, and repeating the request (registering is idempotent) brings both in line.
 */
public final class StagedFileRegistration {
    private final Optional<FileRegistry> registry;

    @Inject
    public StagedFileRegistration(FileRegistry registry, GraphSnapshots snapshots) {
        this.registry = snapshots.enabled() ? Optional.of(registry) : Optional.empty();
    }

    private StagedFileRegistration(Optional<FileRegistry> registry) {
        this.registry = registry;
    }

    /** Registers through {@code registry} whatever the snapshot setting. */
    public static StagedFileRegistration always(FileRegistry registry) {
        return new StagedFileRegistration(Optional.of(registry));
    }

    /** Registers nothing (no registry, or a single node). */
    public static StagedFileRegistration off() {
        return new StagedFileRegistration(Optional.empty());
    }

    /** Throws {@code REGISTRY_FAILED} when registering is on and the registry does not answer. */
    void checkBeforeStaging() {
        registry.ifPresent(FileRegistry::checkHealth);
    }

    /** Registers the objects just staged into the table ({@code replace}: a create). */
    void staged(GraphId graph, TableName table, List<FetchedObject> fetched, List<SourceFile> files,
                StagedTable result, boolean replace) {
        if (registry.isEmpty()) {
            return;
        }
        List<StagedObject> objects = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            objects.add(new StagedObject(file.uri(), fetched.get(i).info().sizeBytes(), file.fileId(),
                    result.rowsPerSourceFile().getOrDefault(file.provenanceKey(), 0L)));
        }
        try {
            registry.get().registerStaged(graph, table, result.summary().kind(), objects, replace,
                    result.summary().rowCount());
            // A rebuilt table keeps the contract it was staged under (a new node has no staged table to ask).
            registry.get().setSchemaContract(graph, table, result.summary().contract());
        } catch (StagingException e) {
            throw notRecorded(e, "Table " + table + " of graph " + graph + " was staged from " + objects.size()
                    + " files, but registering them failed");
        }
    }

    /** Removes the registration of the file whose rows were just deleted. */
    void deleted(GraphId graph, TableName table, FileId file) {
        if (registry.isEmpty()) {
            return;
        }
        try {
            registry.get().forgetStaged(graph, table, file);
        } catch (StagingException e) {
            throw notRecorded(e, "The rows of file " + file + " were deleted from table " + table + " of graph " + graph
                    + ", but removing its registration failed");
        }
    }

    /**
     * The table's staging table was just dropped: its direct registrations go and its registry
     * files are no longer staged, so that a node taking the graph over does not bring it back.
     */
    void dropped(GraphId graph, TableName table) {
        if (registry.isEmpty()) {
            return;
        }
        try {
            registry.get().resetTable(graph, table);
        } catch (StagingException e) {
            throw notRecorded(e, "Table " + table + " of graph " + graph + " was dropped, but recording it in the"
                    + " registry failed");
        }
    }

    private static StagingException notRecorded(StagingException e, String what) {
        if (e.code() != ErrorCode.REGISTRY_FAILED) {
            throw e;
        }
        return new StagingException(ErrorCode.REGISTRY_FAILED, what + " (" + e.getMessage()
                + "); repeat the request once the registry answers, or a node taking the graph over will not rebuild"
                + " the table as it is.", e);
    }
}
