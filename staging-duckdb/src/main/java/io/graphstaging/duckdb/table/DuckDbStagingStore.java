package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.ROW;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SchemaDrift;
import io.graphstaging.core.model.SchemaDrift.Feed;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.table.DedupeSql.Removal;
import io.graphstaging.duckdb.table.DedupeSql.Staged;
import io.graphstaging.duckdb.table.StagingCatalog.FileEntry;
import io.graphstaging.duckdb.table.StagingCatalog.FileTotals;
import io.graphstaging.duckdb.table.StagingCatalog.TableEntry;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link StagingStore} on DuckDB. Layout per table: a hidden table {@code _staging."rows:<t>"} with
 * every staged row, its file's sequence number ({@code __gs_seq}, later files higher), its
 * ordinal in the file ({@code __gs_row}) and whether it is the visible one of its key
 * ({@code __gs_live}), split into {@link RowSegments} once an append adds columns; and a view
 * {@code main."<t>"} of the live rows. Appending a file inserts
 * its rows and clears {@code __gs_live} of older rows with the same keys, so the cost follows
 * the file (plus one probe of the key column), not a rebuild; deleting a file brings back the
 * best remaining row of each key it held ({@link DedupeSql}). The catalog keeps the visible row
 * count and the files' sizes up to date, so summaries never scan the table. Every mutation is
 * one transaction ({@link Transactions}). A create from exactly the files a table was built
 * from, unchanged ({@link FileFingerprint}) and with no append or delete since, keeps the table
 * and changes only its location (re-staging unchanged objects).
 */
public final class DuckDbStagingStore implements StagingStore {
    private final DuckDbConnectionPool pool;
    private final ParquetExporter exporter;

    @Inject
    public DuckDbStagingStore(DuckDbConnectionPool pool) {
        this.pool = pool;
        this.exporter = new ParquetExporter(pool.paths());
    }

    /**
     * Deletes the export files that a killed process left behind. Call once when the store
     * starts, before it serves. Returns how many were deleted.
     */
    public int removeLeftoverExports() {
        return exporter.removeLeftovers();
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        return createTable(graph, table, files, location, new Cancellation());
    }

    /** Cancelling interrupts the engine; the write rolls back and the cancel's error is thrown. */
    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                   Cancellation cancellation) {
        return createTable(graph, table, files, location, SchemaContract.DEFAULT, cancellation);
    }

    /** Cancelling interrupts the engine; the write rolls back and the cancel's error is thrown. */
    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                   SchemaContract contract, Cancellation cancellation) {
        try {
            return create(graph, table, files, location, contract, cancellation);
        } catch (StagingException e) {
            cancellation.throwIfCancelled(); // an interrupted statement fails as the cancel
            throw e;
        }
    }

    private StagedTable create(GraphId graph, TableName table, List<SourceFile> files, String location,
                               SchemaContract contract, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        List<SourceFile> ordered = SourceFiles.lastOccurrences(files);
        if (ordered.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Creating table " + table + " needs at least one file");
        }
        List<FileFingerprint> fingerprints = FileFingerprint.of(ordered);
        try (PooledConnection pooled = pool.acquire(graph); EngineStop stop = new EngineStop(pooled, cancellation)) {
            ensureCatalog(pooled);
            Optional<StagedTable> kept = keepIfUnchanged(pooled, graph, table, ordered, fingerprints, location, contract);
            if (kept.isPresent()) {
                return kept.get();
            }
            List<List<Column>> schemas = SourceFiles.schemas(graph, pool.paths().spool(graph), pooled, ordered);
            boolean hasFileId = ordered.stream().anyMatch(f -> f.fileId().isPresent());
            TableShape layout = evolve(table, TableShape.fromSource(table, ordered.get(0), schemas.get(0), hasFileId),
                    ordered, schemas, contract);
            List<List<Feed>> feeds = feeds(table, layout, ordered, schemas, contract);
            if (!contract.quarantines()) {
                SourceFiles.refuseNullKeys(pooled, layout, ordered);
            }
            return Transactions.write(pooled, "creating table " + table + " of graph " + graph, ordered, tx -> {
                String raw = StagingCatalog.rawTable(table);
                try (Statement s = tx.createStatement()) {
                    s.execute("DROP VIEW IF EXISTS " + StagingCatalog.visibleTable(table));
                    RowSegments.drop(tx, table);
                    s.execute("CREATE TABLE " + raw + " AS " + DedupeSql.flagged(layout,
                            SourceFiles.union(layout, ordered, feeds, 0, contract.quarantines())));
                }
                Quarantine.drop(tx, table);
                long quarantined = quarantine(tx, table, layout, ordered, feeds, schemas, 0, contract);
                Staged staged = DedupeSql.count(tx, table, layout, ordered, 0);
                createView(tx, table, layout);
                ChangeLog.start(tx, table, layout);
                StagingCatalog.putTable(tx, table, layout.kind(), hasFileId, Optional.ofNullable(location), ordered.size(),
                        staged.liveRows(), contract);
                putFiles(tx, table, ordered, fingerprints, staged, 0);
                stop.check();
                return new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), staged.counts(),
                        quarantined);
            });
        }
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        return appendFiles(graph, table, files, new Cancellation());
    }

    /** Cancelling interrupts the engine; the write rolls back and the cancel's error is thrown. */
    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files, Cancellation cancellation) {
        return appendFiles(graph, table, files, Optional.empty(), cancellation);
    }

    /** Cancelling interrupts the engine; the write rolls back and the cancel's error is thrown. */
    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files,
                                   Optional<SchemaContract> contract, Cancellation cancellation) {
        try {
            return append(graph, table, files, contract, cancellation);
        } catch (StagingException e) {
            cancellation.throwIfCancelled(); // an interrupted statement fails as the cancel
            throw e;
        }
    }

    private StagedTable append(GraphId graph, TableName table, List<SourceFile> files, Optional<SchemaContract> given,
                               Cancellation cancellation) {
        cancellation.throwIfCancelled();
        List<SourceFile> ordered = SourceFiles.lastOccurrences(files);
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table));
             EngineStop stop = new EngineStop(pooled, cancellation)) {
            TableEntry entry = Transactions.read(pooled, "reading the catalog in graph " + graph,
                    c -> StagingCatalog.table(c, table)).orElseThrow(() -> tableNotFound(graph, table));
            if (ordered.isEmpty() && given.isEmpty()) {
                return new StagedTable(Transactions.read(pooled, "summarising in graph " + graph,
                        c -> summary(c, graph, entry)), Map.of());
            }
            SchemaContract contract = given.orElse(entry.contract());
            TableShape before = layoutOf(pooled, graph, table, entry);
            List<List<Column>> schemas = SourceFiles.schemas(graph, pool.paths().spool(graph), pooled, ordered);
            TableShape layout = evolve(table, before, ordered, schemas, contract);
            List<List<Feed>> feeds = feeds(table, layout, ordered, schemas, contract);
            if (!contract.quarantines()) {
                SourceFiles.refuseNullKeys(pooled, layout, ordered);
            }
            List<FileFingerprint> fingerprints = FileFingerprint.of(ordered);
            ensureCatalog(pooled);
            return Transactions.write(pooled, "appending to table " + table + " of graph " + graph, ordered, tx -> {
                TableEntry current = StagingCatalog.table(tx, table).orElseThrow(() -> tableNotFound(graph, table));
                Map<String, FileEntry> known = StagingCatalog.files(tx, table).stream()
                        .collect(Collectors.toMap(FileEntry::key, f -> f));
                List<Long> replaced = ordered.stream().map(f -> known.get(f.provenanceKey()))
                        .filter(Objects::nonNull).map(FileEntry::seq).toList();
                // Schema first: the engine alters a table only before this transaction writes rows to it.
                ColumnChanges.apply(tx, table, before, layout);
                ChangeLog.follow(tx, table, layout);
                if (!layout.equals(before)) {
                    try (Statement s = tx.createStatement()) {
                        s.execute("DROP VIEW IF EXISTS " + StagingCatalog.visibleTable(table));
                    }
                    createView(tx, table, layout);
                }
                if (given.isPresent()) {
                    StagingCatalog.setContract(tx, table, given.get());
                }
                long live = current.liveRows();
                long version = current.version() + 1;
                if (!replaced.isEmpty()) {
                    Removal removal = DedupeSql.remove(tx, table, layout, replaced, version);
                    live += removal.revived() - removal.liveRemoved();
                    Quarantine.removeFiles(tx, table, ordered.stream().map(SourceFile::provenanceKey)
                            .filter(known::containsKey).toList());
                }
                long first = current.nextSeq();
                if (ordered.isEmpty()) {
                    return new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), Map.of());
                }
                try (Statement s = tx.createStatement()) {
                    s.execute("INSERT INTO " + RowSegments.last(tx, table) + " (" + columnList(layout) + ", " + SEQ
                            + ", " + ROW + ", " + LIVE + ") " + DedupeSql.flagged(layout,
                            SourceFiles.union(layout, ordered, feeds, first, contract.quarantines())));
                }
                long quarantined = quarantine(tx, table, layout, ordered, feeds, schemas, first, contract);
                Staged staged = DedupeSql.count(tx, table, layout, ordered, first);
                // Before the rows they outdate stop being visible: those are the keys' before images.
                ChangeLog.recordAppended(tx, table, layout, version, first);
                live += staged.liveRows() - DedupeSql.supersede(tx, table, layout, first);
                putFiles(tx, table, ordered, fingerprints, staged, first);
                StagingCatalog.setFilesVersion(tx, table, first, version);
                StagingCatalog.setCounters(tx, table, first + ordered.size(), live, version);
                stop.check();
                return new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), staged.counts(),
                        quarantined);
            });
        }
    }

    @Override
    public List<Column> readSchema(GraphId graph, SourceFile file) {
        try (PooledConnection pooled = pool.acquire(graph)) {
            return SourceFiles.schemas(graph, pool.paths().spool(graph), pooled, List.of(file)).get(0);
        }
    }

    @Override
    public List<TableSummary> listTables(GraphId graph) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return List.of();
        }
        try (PooledConnection pooled = maybe.get()) {
            return Transactions.read(pooled, "listing tables in graph " + graph, c -> {
                List<TableSummary> summaries = new ArrayList<>();
                for (TableEntry entry : StagingCatalog.tables(c)) {
                    summaries.add(summary(c, graph, entry));
                }
                return summaries;
            });
        }
    }

    @Override
    public Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        try (PooledConnection pooled = maybe.get()) {
            return Transactions.read(pooled, "describing table " + table + " in graph " + graph, c -> {
                Optional<TableEntry> entry = StagingCatalog.table(c, table);
                if (entry.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new TableSchema(graph, TableName.of(entry.get().name()), entry.get().kind(),
                        StagingCatalog.visibleColumns(c, table)));
            });
        }
    }

    @Override
    public boolean dropTable(GraphId graph, TableName table) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return false;
        }
        try (PooledConnection pooled = maybe.get()) {
            boolean exists = Transactions.read(pooled, "reading the catalog in graph " + graph,
                    c -> StagingCatalog.table(c, table)).isPresent();
            if (!exists) {
                return false;
            }
            return Transactions.write(pooled, "dropping table " + table + " of graph " + graph, List.of(), tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("DROP VIEW IF EXISTS " + StagingCatalog.visibleTable(table));
                }
                RowSegments.drop(tx, table);
                ChangeLog.drop(tx, table);
                SyncRejects.drop(tx, table);
                Quarantine.drop(tx, table);
                StagingCatalog.removeTable(tx, table);
                return true;
            });
        }
    }

    @Override
    public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return 0;
        }
        try (PooledConnection pooled = maybe.get()) {
            Optional<TableEntry> entry = Transactions.read(pooled, "reading the catalog in graph " + graph,
                    c -> StagingCatalog.table(c, table));
            if (entry.isEmpty()) {
                return 0;
            }
            if (!entry.get().hasFileId()) {
                throw new StagingException(ErrorCode.NO_FILE_ID_COLUMN,
                        "Table " + table + " of graph " + graph + " has no file_id column");
            }
            TableShape layout = layoutOf(pooled, graph, table, entry.get());
            ensureCatalog(pooled);
            return Transactions.write(pooled, "deleting rows of file " + fileId + " from table " + table, List.of(), tx -> {
                Optional<FileEntry> file = StagingCatalog.files(tx, table).stream()
                        .filter(f -> f.key().equals(fileId.value())).findFirst();
                if (file.isEmpty()) {
                    return 0L;
                }
                TableEntry current = StagingCatalog.table(tx, table).orElseThrow();
                long version = current.version() + 1;
                Removal removal = DedupeSql.remove(tx, table, layout, List.of(file.get().seq()), version);
                StagingCatalog.removeFile(tx, table, file.get().key());
                Quarantine.removeFiles(tx, table, List.of(file.get().key()));
                StagingCatalog.setCounters(tx, table, current.nextSeq(),
                        current.liveRows() - removal.liveRemoved() + removal.revived(), version);
                return removal.rows();
            });
        }
    }

    @Override
    public ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table))) {
            Transactions.read(pooled, "reading the catalog in graph " + graph, c -> StagingCatalog.table(c, table))
                    .orElseThrow(() -> tableNotFound(graph, table));
            return exporter.export(pooled, graph, table, columns, onlyFiles);
        }
    }

    @Override
    public TableSummary changeContract(GraphId graph, TableName table, SchemaContract contract) {
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table))) {
            ensureCatalog(pooled);
            return Transactions.write(pooled, "changing the contract of table " + table + " of graph " + graph,
                    List.of(), tx -> {
                        StagingCatalog.table(tx, table).orElseThrow(() -> tableNotFound(graph, table));
                        StagingCatalog.setContract(tx, table, contract);
                        return summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow());
                    });
        }
    }

    @Override
    public QuarantinePage quarantine(GraphId graph, TableName table, long limit, long offset) {
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table))) {
            return Transactions.read(pooled, "reading the quarantine of table " + table + " of graph " + graph, c -> {
                StagingCatalog.table(c, table).orElseThrow(() -> tableNotFound(graph, table));
                return Quarantine.page(c, table, limit, offset);
            });
        }
    }

    // --- building blocks -------------------------------------------------------------------

    /** The table's shape once every file is staged under the contract; refuses a file it does not let in. */
    private static TableShape evolve(TableName table, TableShape layout, List<SourceFile> files,
                                     List<List<Column>> schemas, SchemaContract contract) {
        TableShape evolved = layout;
        for (int i = 0; i < files.size(); i++) {
            HiddenColumns.refuseReserved(files.get(i), schemas.get(i));
            evolved = SchemaDrift.evolve(table, evolved, files.get(i), schemas.get(i), contract);
        }
        return evolved;
    }

    /** How each file's columns feed the table's: refuses a file that does not fit. */
    private static List<List<Feed>> feeds(TableName table, TableShape layout, List<SourceFile> files,
                                          List<List<Column>> schemas, SchemaContract contract) {
        List<List<Feed>> feeds = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            feeds.add(SchemaDrift.feeds(table, layout, files.get(i), schemas.get(i), contract));
        }
        return feeds;
    }

    /** Keeps aside the files' rows that cannot be staged, when the contract quarantines; returns how many. */
    private static long quarantine(Connection c, TableName table, TableShape layout, List<SourceFile> files,
                                   List<List<Feed>> feeds, List<List<Column>> schemas, long firstSeq,
                                   SchemaContract contract) throws SQLException {
        if (!contract.quarantines()) {
            return 0;
        }
        String select = SourceFiles.quarantined(layout, files, feeds, schemas, firstSeq);
        return select.isEmpty() ? 0 : Quarantine.insert(c, table, select);
    }

    private static void putFiles(Connection c, TableName table, List<SourceFile> files, List<FileFingerprint> fingerprints,
                                 Staged staged, long firstSeq) throws SQLException {
        for (int i = 0; i < files.size(); i++) {
            SourceFile f = files.get(i);
            StagingCatalog.putFile(c, table, new FileEntry(f.provenanceKey(), firstSeq + i, f.fileId().map(FileId::value),
                    staged.counts().get(f.provenanceKey()), fingerprints.get(i).sizeBytes(),
                    Optional.of(fingerprints.get(i))));
        }
    }

    private static String columnList(TableShape layout) {
        return layout.columns().stream().map(col -> identifier(col.name())).collect(Collectors.joining(", "));
    }

    private static void createView(Connection c, TableName table, TableShape layout) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE VIEW " + StagingCatalog.visibleTable(table) + " AS SELECT " + columnList(layout) + " FROM "
                    + RowSegments.rows(c, table) + " WHERE " + LIVE);
        }
    }

    private static TableShape layoutOf(PooledConnection pooled, GraphId graph, TableName table, TableEntry entry) {
        List<Column> visible = Transactions.read(pooled, "describing table " + table + " in graph " + graph,
                c -> StagingCatalog.visibleColumns(c, table));
        return new TableShape(entry.kind(), visible, entry.hasFileId());
    }

    /** A table as readers see it, from the catalog alone: no scan of its rows. */
    private static TableSummary summary(Connection c, GraphId graph, TableEntry entry) throws SQLException {
        TableName table = TableName.of(entry.name());
        FileTotals files = StagingCatalog.fileTotals(c, table);
        return new TableSummary(graph, table, entry.kind(), entry.liveRows(), files.count(), files.sizeBytes(),
                entry.location(), entry.contract());
    }

    /**
     * Keeps the table when a create asks for exactly what built it: the same files (keys, file
     * ids, order) with the same fingerprints and contract, and no append or delete since. Only its
     * location changes; the result is the one a rebuild would give, the rows its quarantine holds
     * included. Empty when the table must be rebuilt.
     */
    private static Optional<StagedTable> keepIfUnchanged(PooledConnection pooled, GraphId graph, TableName table,
                                                         List<SourceFile> files, List<FileFingerprint> fingerprints,
                                                         String location, SchemaContract contract) {
        return Transactions.write(pooled, "checking table " + table + " of graph " + graph, files, tx -> {
            Optional<TableEntry> entry = StagingCatalog.table(tx, table);
            if (entry.isEmpty() || !StagingCatalog.asCreated(tx, table) || !entry.get().contract().equals(contract)) {
                return Optional.empty();
            }
            List<FileEntry> staged = StagingCatalog.files(tx, table);
            if (staged.size() != files.size()) {
                return Optional.empty();
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < files.size(); i++) {
                SourceFile f = files.get(i);
                FileEntry e = staged.get(i);
                boolean same = e.seq() == i && e.key().equals(f.provenanceKey())
                        && e.fileId().equals(f.fileId().map(FileId::value))
                        && e.content().equals(Optional.of(fingerprints.get(i)));
                if (!same) {
                    return Optional.empty();
                }
                counts.put(e.key(), e.rowCount());
            }
            StagingCatalog.setLocation(tx, table, Optional.ofNullable(location));
            // As created from exactly these files under this contract: every row kept aside is one of theirs.
            return Optional.of(new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), counts,
                    Quarantine.count(tx, table)));
        });
    }

    /** Creates the catalog when missing, in one transaction; serialised so two first tables of a graph do not race. */
    private synchronized void ensureCatalog(PooledConnection pooled) {
        Transactions.write(pooled, "creating the staging catalog of graph " + pooled.graph(), List.of(), c -> {
            StagingCatalog.ensure(c);
            return null;
        });
    }

    private static StagingException tableNotFound(GraphId graph, TableName table) {
        return new StagingException(ErrorCode.TABLE_NOT_FOUND, "Table " + table + " does not exist in graph " + graph);
    }
}
