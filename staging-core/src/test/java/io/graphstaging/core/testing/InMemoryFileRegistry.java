package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link FileRegistry} held in memory, for core unit tests and to show adapters swap. Ids are
 * {@code gt_}/{@code gf_} plus a zero-padded counter, so they sort in creation order like the
 * real ones. Every method is synchronized: one registry-wide lock plays the transaction.
 */
public final class InMemoryFileRegistry implements FileRegistry {
    private final Clock clock;
    private final Map<String, RegistryTable> tables = new LinkedHashMap<>();
    private final Map<FileId, RegistryFile> files = new LinkedHashMap<>();
    private final Map<String, SchemaContract> contracts = new LinkedHashMap<>();
    /** Tags of directly staged files, by registry id (empty: tagged by URI). */
    private final Map<FileId, Optional<FileId>> tags = new LinkedHashMap<>();
    private long nextId = 1;
    private boolean down;

    public InMemoryFileRegistry() {
        this(Clock.systemUTC());
    }

    public InMemoryFileRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Simulates an unreachable registry: every later call throws {@code REGISTRY_FAILED}. */
    public synchronized void setDown(boolean down) {
        this.down = down;
    }

    @Override
    public synchronized Registration registerTable(GraphId graph, TableName table, TableKind type) {
        requireUp();
        RegistryTable existing = tables.get(key(graph, table));
        if (existing != null) {
            return new Registration(existing, false);
        }
        Instant now = clock.instant();
        RegistryTable created = new RegistryTable(newId("gt_"), graph, table, type, 0, 0, 0, now, now);
        tables.put(key(graph, table), created);
        return new Registration(created, true);
    }

    @Override
    public synchronized Optional<RegistryTable> findTable(GraphId graph, TableName table) {
        requireUp();
        return Optional.ofNullable(tables.get(key(graph, table)));
    }

    @Override
    public synchronized List<RegistryTable> listTables(GraphId graph) {
        requireUp();
        return tables.values().stream().filter(t -> t.graph().equals(graph)).toList();
    }

    @Override
    public synchronized Optional<SchemaContract> schemaContract(GraphId graph, TableName table) {
        requireUp();
        return Optional.ofNullable(contracts.get(key(graph, table)));
    }

    @Override
    public synchronized boolean setSchemaContract(GraphId graph, TableName table, SchemaContract contract) {
        requireUp();
        if (!tables.containsKey(key(graph, table))) {
            return false;
        }
        contracts.put(key(graph, table), contract);
        return true;
    }

    @Override
    public synchronized RegistryFile registerFile(NewRegistryFile file) {
        requireUp();
        RegistryTable table = requireTable(file.graph(), file.table());
        Optional<RegistryFile> existing = files.values().stream().filter(f -> f.graph().equals(file.graph())
                && f.table().equals(file.table()) && f.objectUri().equals(file.objectUri())).findFirst();
        if (existing.isPresent()) {
            throw file.alreadyRegisteredAs(existing.get().id());
        }
        Instant now = clock.instant();
        RegistryFile created = new RegistryFile(FileId.of(newId("gf_")), file.graph(), file.table(), file.fileName(),
                file.objectUri(), file.fileSizeBytes(), file.uploadStatus(), StagingStatus.PENDING, Optional.empty(),
                Optional.empty(), GraphStatus.PENDING, Optional.empty(), now,
                file.uploadStatus() == UploadStatus.COMPLETED ? Optional.of(now) : Optional.empty());
        files.put(created.id(), created);
        tables.put(key(file.graph(), file.table()), new RegistryTable(table.id(), table.graph(), table.table(),
                table.type(), table.rowCount(), table.fileCount() + 1, table.totalSizeBytes() + file.fileSizeBytes(),
                table.createdAt(), now));
        return created;
    }

    @Override
    public synchronized List<RegistryFile> listFiles(GraphId graph, TableName table) {
        requireUp();
        requireTable(graph, table);
        return files.values().stream().filter(f -> f.graph().equals(graph) && f.table().equals(table)).toList();
    }

    @Override
    public synchronized boolean markUploaded(GraphId graph, FileId file) {
        return setUpload(graph, file, UploadStatus.COMPLETED);
    }

    @Override
    public synchronized boolean markUploadFailed(GraphId graph, FileId file) {
        return setUpload(graph, file, UploadStatus.FAILED);
    }

    private boolean setUpload(GraphId graph, FileId id, UploadStatus status) {
        requireUp();
        RegistryFile f = files.get(id);
        if (f == null || !f.graph().equals(graph)) {
            return false;
        }
        Optional<Instant> uploadedAt = status == UploadStatus.COMPLETED ? Optional.of(clock.instant()) : f.uploadedAt();
        files.put(id, new RegistryFile(f.id(), f.graph(), f.table(), f.fileName(), f.objectUri(), f.fileSizeBytes(), status,
                f.stagingStatus(), f.stagedRowCount(), f.stagedAt(), f.graphStatus(), f.graphIngestedAt(),
                f.createdAt(), uploadedAt));
        return true;
    }

    @Override
    public synchronized void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged,
                                           Collection<FileId> failed, long tableRowCount) {
        requireUp();
        RegistryTable t = requireTable(graph, table);
        Set<FileId> failedIds = new HashSet<>(failed);
        Instant now = clock.instant();
        for (RegistryFile f : new ArrayList<>(files.values())) {
            if (!f.graph().equals(graph) || !f.table().equals(table)) {
                continue;
            }
            if (staged.containsKey(f.id())) {
                files.put(f.id(), withStaging(f, StagingStatus.STAGED, Optional.of(staged.get(f.id())), Optional.of(now)));
            } else if (failedIds.contains(f.id())) {
                files.put(f.id(), withStaging(f, StagingStatus.FAILED, Optional.empty(), Optional.empty()));
            } else if (f.stagingStatus() == StagingStatus.STAGED) {
                files.put(f.id(), withStaging(f, StagingStatus.PENDING, Optional.empty(), Optional.empty()));
            }
        }
        tables.put(key(graph, table), new RegistryTable(t.id(), t.graph(), t.table(), t.type(), tableRowCount,
                t.fileCount(), t.totalSizeBytes(), t.createdAt(), now));
    }

    private static RegistryFile withStaging(RegistryFile f, StagingStatus status, Optional<Long> rows,
                                            Optional<Instant> stagedAt) {
        return new RegistryFile(f.id(), f.graph(), f.table(), f.fileName(), f.objectUri(), f.fileSizeBytes(),
                f.uploadStatus(), status, rows, stagedAt, f.graphStatus(), f.graphIngestedAt(), f.createdAt(),
                f.uploadedAt());
    }

    @Override
    public synchronized void markIngested(GraphId graph, Collection<FileId> ids) {
        setGraphStatus(graph, ids, GraphStatus.INGESTED, Optional.of(clock.instant()));
    }

    @Override
    public synchronized void markGraphPending(GraphId graph, Collection<FileId> ids) {
        setGraphStatus(graph, ids, GraphStatus.PENDING, Optional.empty());
    }

    private void setGraphStatus(GraphId graph, Collection<FileId> ids, GraphStatus status, Optional<Instant> at) {
        requireUp();
        for (FileId id : ids) {
            RegistryFile f = files.get(id);
            if (f != null && f.graph().equals(graph)) {
                files.put(id, new RegistryFile(f.id(), f.graph(), f.table(), f.fileName(), f.objectUri(),
                        f.fileSizeBytes(), f.uploadStatus(), f.stagingStatus(), f.stagedRowCount(), f.stagedAt(),
                        status, at, f.createdAt(), f.uploadedAt()));
            }
        }
    }

    @Override
    public synchronized int resetGraph(GraphId graph, boolean graphToo) {
        requireUp();
        Instant now = clock.instant();
        for (RegistryTable t : new ArrayList<>(tables.values())) {
            if (t.graph().equals(graph)) {
                tables.put(key(graph, t.table()), new RegistryTable(t.id(), t.graph(), t.table(), t.type(), 0,
                        t.fileCount(), t.totalSizeBytes(), t.createdAt(), now));
            }
        }
        int count = 0;
        for (RegistryFile f : new ArrayList<>(files.values())) {
            if (!f.graph().equals(graph)) {
                continue;
            }
            count++;
            files.put(f.id(), new RegistryFile(f.id(), f.graph(), f.table(), f.fileName(), f.objectUri(),
                    f.fileSizeBytes(), f.uploadStatus(), StagingStatus.PENDING, Optional.empty(), Optional.empty(),
                    graphToo ? GraphStatus.PENDING : f.graphStatus(), graphToo ? Optional.empty() : f.graphIngestedAt(),
                    f.createdAt(), f.uploadedAt()));
        }
        return count;
    }

    @Override
    public synchronized void registerStaged(GraphId graph, TableName table, TableKind type, List<StagedObject> objects,
                                            boolean replace, long tableRowCount) {
        requireUp();
        registerTable(graph, table, type);
        Set<ObjectUri> uris = new HashSet<>();
        objects.forEach(o -> uris.add(o.uri()));
        if (replace) {
            List<RegistryFile> others = files.values().stream().filter(f -> f.graph().equals(graph)
                    && f.table().equals(table) && !uris.contains(f.objectUri())).toList();
            for (RegistryFile f : others) {
                if (tags.containsKey(f.id())) {
                    remove(f.id());
                } else {
                    files.put(f.id(), withStaging(f, StagingStatus.PENDING, Optional.empty(), Optional.empty()));
                }
            }
        }
        Instant now = clock.instant();
        for (StagedObject o : objects) {
            Optional<RegistryFile> existing = files.values().stream().filter(f -> f.graph().equals(graph)
                    && f.table().equals(table) && f.objectUri().equals(o.uri())).findFirst();
            FileId id = existing.map(RegistryFile::id).orElseGet(() -> registerFile(new NewRegistryFile(graph, table,
                    o.uri(), o.uri().toString(), o.sizeBytes(), UploadStatus.COMPLETED)).id());
            existing.filter(f -> f.uploadStatus() != UploadStatus.COMPLETED).ifPresent(f -> setUpload(graph, id,
                    UploadStatus.COMPLETED));
            files.put(id, withStaging(files.get(id), StagingStatus.STAGED, Optional.of(o.stagedRows()), Optional.of(now)));
            tags.put(id, o.stagingFileId());
        }
        RegistryTable t = tables.get(key(graph, table));
        tables.put(key(graph, table), new RegistryTable(t.id(), t.graph(), t.table(), t.type(), tableRowCount,
                t.fileCount(), t.totalSizeBytes(), t.createdAt(), now));
    }

    @Override
    public synchronized int resetTable(GraphId graph, TableName table) {
        requireUp();
        RegistryTable t = tables.get(key(graph, table));
        if (t == null) {
            return 0;
        }
        List<RegistryFile> ofTable = files.values().stream().filter(f -> f.graph().equals(graph)
                && f.table().equals(table)).toList();
        int removed = 0;
        for (RegistryFile f : ofTable) {
            if (tags.containsKey(f.id())) {
                remove(f.id());
                removed++;
            } else {
                files.put(f.id(), withStaging(f, StagingStatus.PENDING, Optional.empty(), Optional.empty()));
            }
        }
        RegistryTable after = tables.get(key(graph, table));
        tables.put(key(graph, table), new RegistryTable(after.id(), after.graph(), after.table(), after.type(), 0,
                after.fileCount(), after.totalSizeBytes(), after.createdAt(), clock.instant()));
        return removed;
    }

    @Override
    public synchronized Map<FileId, Optional<FileId>> stagingTags(GraphId graph, TableName table) {
        requireUp();
        Map<FileId, Optional<FileId>> result = new LinkedHashMap<>();
        files.values().stream().filter(f -> f.graph().equals(graph) && f.table().equals(table) && tags.containsKey(f.id()))
                .forEach(f -> result.put(f.id(), tags.get(f.id())));
        return result;
    }

    @Override
    public synchronized int forgetStaged(GraphId graph, TableName table, FileId fileId) {
        requireUp();
        List<FileId> matching = files.values().stream().filter(f -> f.graph().equals(graph) && f.table().equals(table))
                .map(RegistryFile::id)
                .filter(id -> tags.containsKey(id) ? tags.get(id).equals(Optional.of(fileId)) : id.equals(fileId))
                .toList();
        matching.forEach(this::remove);
        return matching.size();
    }

    private void remove(FileId id) {
        RegistryFile f = files.remove(id);
        tags.remove(id);
        RegistryTable t = tables.get(key(f.graph(), f.table()));
        tables.put(key(f.graph(), f.table()), new RegistryTable(t.id(), t.graph(), t.table(), t.type(), t.rowCount(),
                t.fileCount() - 1, t.totalSizeBytes() - f.fileSizeBytes(), t.createdAt(), clock.instant()));
    }

    @Override
    public synchronized void checkHealth() {
        requireUp();
    }

    private void requireUp() {
        if (down) {
            throw new StagingException(ErrorCode.REGISTRY_FAILED, "The file registry is unreachable (simulated)");
        }
    }

    private RegistryTable requireTable(GraphId graph, TableName table) {
        RegistryTable t = tables.get(key(graph, table));
        if (t == null) {
            throw new StagingException(ErrorCode.REGISTRY_TABLE_NOT_FOUND,
                    "The registry has no table " + table + " in graph " + graph);
        }
        return t;
    }

    private String newId(String prefix) {
        return prefix + String.format("%026d", nextId++);
    }

    private static String key(GraphId graph, TableName table) {
        return graph + "/" + table;
    }
}
