package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a staging table from the file registry: every file of the table whose upload is
 * completed, each tagged with its registry id as {@code file_id} (a file a create or append
 * staged directly: with the tag it was staged with, {@link FileRegistry#stagingTags}), in
 * registration order (later files win on dedupe).
 *
 * <p>A file whose object is missing or that is not readable Parquet is left out and recorded as
 * {@code failed}; the table is built from the rest. When every file fails, nothing is staged or
 * recorded and the error names each file.
 *
 * <p>Order, so that a registry failure leaves the staging table as it was: everything needed
 * is read from the registry first, the registry is checked again right before the table is
 * replaced, and the outcome is recorded after. If the registry fails in the short window
 * between that check and the recording, the table has already been rebuilt: the error
 * ({@code REGISTRY_FAILED}) says so, the registry keeps its previous statuses, and running the
 * refresh again (it is idempotent) brings both in line.
 */
public final class RefreshTable {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTable.class);
    private static final Predicate<RegistryFile> ALL_COMPLETED = f -> f.uploadStatus() == UploadStatus.COMPLETED;

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

    /**
     * The rebuilt table and the registry files it was built from (as read before the refresh).
     *
     * @param failedFiles files left out, with why
     */
    public record Outcome(StagedTable table, List<RegistryFile> stagedFiles, List<FailedFile> failedFiles) {
        public Outcome {
            stagedFiles = List.copyOf(stagedFiles);
            failedFiles = List.copyOf(failedFiles);
        }
    }

    /**
     * A completed file that could not be staged, and why.
     *
     * @param cause {@code OBJECT_NOT_FOUND} or {@code UNREADABLE_FILE}
     */
    public record FailedFile(RegistryFile file, ErrorCode cause, String reason) {}

    /**
     * @throws StagingException {@code REGISTRY_TABLE_NOT_FOUND}; {@code NO_COMPLETED_FILES};
     *         {@code UNREADABLE_FILE} or {@code OBJECT_NOT_FOUND} when every file failed;
     *         {@code REGISTRY_FAILED}; whatever staging throws for the readable files
     *         ({@code SCHEMA_MISMATCH} ...), with the table and the registry unchanged
     */
    public Outcome execute(GraphId graph, TableName table) {
        return TableLocks.join(submit(graph, table));
    }

    /** {@link #execute(GraphId, TableName)} that can be stopped and reports its progress. */
    public Outcome execute(GraphId graph, TableName table, Cancellation cancellation, ProgressListener progress) {
        return TableLocks.join(submit(graph, table, cancellation, progress));
    }

    /**
     * {@link #execute(GraphId, TableName, Cancellation, ProgressListener)} under {@code contract}
     * when given, which the registry then keeps for later refreshes.
     */
    public Outcome execute(GraphId graph, TableName table, Optional<SchemaContract> contract, Cancellation cancellation,
                           ProgressListener progress) {
        return TableLocks.join(locks.onTable(graph, table, cancellation,
                () -> run(graph, table, contract, ALL_COMPLETED, cancellation, progress)));
    }

    /**
     * Rebuilds the table from the files the registry records as staged, that is what the node
     * that last held the graph had in it (a node restoring the graph, {@link RestoreGraph}), not
     * the completed files that were registered later and never refreshed; waits for its turn.
     *
     * @throws StagingException as {@link #execute(GraphId, TableName)}; {@code NO_COMPLETED_FILES}
     *         when no file is recorded as staged
     */
    public Outcome rebuildHeld(GraphId graph, TableName table) {
        return TableLocks.join(locks.onTable(graph, table, () -> run(graph, table, Optional.empty(),
                f -> ALL_COMPLETED.test(f) && f.stagingStatus() == StagingStatus.STAGED, new Cancellation(),
                ProgressListener.NONE)));
    }

    /** Queues the refresh on the table ({@link TableLocks}); the future completes as {@link #execute} returns. */
    public CompletableFuture<Outcome> submit(GraphId graph, TableName table) {
        return locks.onTable(graph, table, () -> run(graph, table, Optional.empty(), ALL_COMPLETED, new Cancellation(),
                ProgressListener.NONE));
    }

    /**
     * {@link #submit(GraphId, TableName)} waiting for its turn until cancelled, reporting
     * {@code listing} (the registry's files checked in the object store), {@code fetching} and
     * {@code staging}; cancelling stops the download or the engine and leaves the table and the
     * registry as they were.
     */
    public CompletableFuture<Outcome> submit(GraphId graph, TableName table, Cancellation cancellation,
                                             ProgressListener progress) {
        return locks.onTable(graph, table, cancellation,
                () -> run(graph, table, Optional.empty(), ALL_COMPLETED, cancellation, progress));
    }

    private Outcome run(GraphId graph, TableName table, Optional<SchemaContract> contract, Predicate<RegistryFile> which,
                        Cancellation cancellation, ProgressListener progress) {
        cancellation.throwIfCancelled();
        progress.report(new TaskProgress(ProgressPhase.LISTING, 0, OptionalLong.empty(), ProgressUnit.OBJECTS));
        registry.findTable(graph, table).orElseThrow(() -> new StagingException(ErrorCode.REGISTRY_TABLE_NOT_FOUND,
                "The registry has no table " + table + " in graph " + graph));
        List<RegistryFile> completed = registry.listFiles(graph, table).stream().filter(which).toList();
        if (completed.isEmpty()) {
            throw new StagingException(ErrorCode.NO_COMPLETED_FILES,
                    "Table " + table + " of graph " + graph + " has no file whose upload is completed");
        }
        if (contract.isPresent()) {
            registry.setSchemaContract(graph, table, contract.get());
        }
        // Files a create or append staged directly keep the tag they were staged with.
        Map<FileId, Optional<FileId>> tags = registry.stagingTags(graph, table);
        return rebuild(graph, table, completed, tags, cancellation, progress);
    }

    private Outcome rebuild(GraphId graph, TableName table, List<RegistryFile> completed,
                            Map<FileId, Optional<FileId>> tags, Cancellation cancellation, ProgressListener progress) {
        List<FailedFile> failed = new ArrayList<>();
        List<RegistryFile> present = new ArrayList<>();
        List<ObjectInfo> presentInfos = new ArrayList<>();
        for (RegistryFile file : completed) {
            cancellation.throwIfCancelled();
            progress.report(TaskProgress.of(ProgressPhase.LISTING, present.size() + failed.size(), completed.size(),
                    ProgressUnit.OBJECTS));
            Optional<ObjectInfo> info = objects.head(file.objectUri());
            if (info.isPresent()) {
                present.add(file);
                presentInfos.add(info.get());
            } else {
                failed.add(new FailedFile(file, ErrorCode.OBJECT_NOT_FOUND, "object " + file.objectUri() + " does not exist"));
            }
        }
        if (present.isEmpty()) {
            throw nothingStaged(graph, table, failed);
        }
        try (FetchedObjects lease = objects.fetch(graph, presentInfos, cancellation, progress)) {
            List<RegistryFile> readable = new ArrayList<>();
            List<SourceFile> sources = new ArrayList<>();
            List<FetchedObject> fetched = lease.objects();
            for (int i = 0; i < present.size(); i++) {
                cancellation.throwIfCancelled();
                RegistryFile file = present.get(i);
                SourceFile source = new SourceFile(file.objectUri(), fetched.get(i).localPath(),
                        tags.getOrDefault(file.id(), Optional.of(file.id())));
                Optional<String> unreadable = unreadableReason(graph, source);
                if (unreadable.isPresent()) {
                    failed.add(new FailedFile(file, ErrorCode.UNREADABLE_FILE, unreadable.get()));
                } else {
                    readable.add(file);
                    sources.add(source);
                }
            }
            if (readable.isEmpty()) {
                throw nothingStaged(graph, table, failed);
            }
            // A registry that went down while files were fetched stops us before the swap.
            registry.checkHealth();
            SchemaContract contract = contractOf(graph, table);
            StagedTable staged = SourceObjects.staging(sources.size(), progress, () -> store.createTable(graph, table,
                    sources, "registry:" + graph + "/" + table, contract, cancellation));
            record(graph, table, readable, sources, failed, staged);
            failed.forEach(f -> LOG.warn("Refresh of {}/{} left out file {}: {}", graph, table, f.file().id(), f.reason()));
            return new Outcome(staged, readable, failed);
        }
    }

    /** The registry's contract for the table, else the staged table's (a refresh keeps it), else the default. */
    private SchemaContract contractOf(GraphId graph, TableName table) {
        return registry.schemaContract(graph, table).orElseGet(() -> store.listTables(graph).stream()
                .filter(t -> t.table().value().equalsIgnoreCase(table.value())).map(TableSummary::contract)
                .findFirst().orElse(SchemaContract.DEFAULT));
    }

    /** The reason a fetched file is not readable Parquet; other failures propagate. */
    private Optional<String> unreadableReason(GraphId graph, SourceFile source) {
        try {
            store.readSchema(graph, source);
            return Optional.empty();
        } catch (StagingException e) {
            if (e.code() != ErrorCode.UNREADABLE_FILE) {
                throw e;
            }
            return Optional.of(e.getMessage());
        }
    }

    private void record(GraphId graph, TableName table, List<RegistryFile> readable, List<SourceFile> sources,
                        List<FailedFile> failed, StagedTable staged) {
        Map<FileId, Long> rows = new LinkedHashMap<>();
        for (int i = 0; i < readable.size(); i++) {
            rows.put(readable.get(i).id(), staged.rowsPerSourceFile().getOrDefault(sources.get(i).provenanceKey(), 0L));
        }
        List<FileId> failedIds = failed.stream().map(f -> f.file().id()).toList();
        try {
            registry.recordStaging(graph, table, rows, failedIds, staged.summary().rowCount());
        } catch (StagingException e) {
            if (e.code() != ErrorCode.REGISTRY_FAILED) {
                throw e;
            }
            throw new StagingException(ErrorCode.REGISTRY_FAILED, "Table " + table + " of graph " + graph
                    + " was rebuilt from " + readable.size() + " files, but recording their statuses failed ("
                    + e.getMessage() + "); the registry keeps its previous statuses. Run the refresh again once the"
                    + " registry answers.", e);
        }
    }

    private static StagingException nothingStaged(GraphId graph, TableName table, List<FailedFile> failed) {
        boolean anyUnreadable = failed.stream().anyMatch(f -> f.cause() == ErrorCode.UNREADABLE_FILE);
        String which = failed.stream()
                .map(f -> f.file().id() + " (" + f.file().objectUri() + "): " + f.reason())
                .collect(Collectors.joining("; "));
        return new StagingException(anyUnreadable ? ErrorCode.UNREADABLE_FILE : ErrorCode.OBJECT_NOT_FOUND,
                "Refresh of table " + table + " of graph " + graph + " staged nothing; the table is unchanged. "
                        + "Every completed file failed: " + which);
    }
}
