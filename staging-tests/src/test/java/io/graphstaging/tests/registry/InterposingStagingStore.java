package io.graphstaging.tests.registry;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The real store, with test code run just before and just after each {@code createTable}. */
final class InterposingStagingStore implements StagingStore {
    private final StagingStore real;
    private final Runnable beforeCreate;
    private final Runnable afterCreate;

    InterposingStagingStore(StagingStore real, Runnable beforeCreate, Runnable afterCreate) {
        this.real = real;
        this.beforeCreate = beforeCreate;
        this.afterCreate = afterCreate;
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        beforeCreate.run();
        try {
            return real.createTable(graph, table, files, location);
        } finally {
            afterCreate.run();
        }
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        return real.appendFiles(graph, table, files);
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                   io.graphstaging.core.model.SchemaContract contract,
                                   io.graphstaging.core.model.Cancellation cancellation) {
        beforeCreate.run();
        try {
            return real.createTable(graph, table, files, location, contract, cancellation);
        } finally {
            afterCreate.run();
        }
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files,
                                   java.util.Optional<io.graphstaging.core.model.SchemaContract> contract,
                                   io.graphstaging.core.model.Cancellation cancellation) {
        return real.appendFiles(graph, table, files, contract, cancellation);
    }

    @Override
    public TableSummary changeContract(GraphId graph, TableName table, io.graphstaging.core.model.SchemaContract contract) {
        return real.changeContract(graph, table, contract);
    }

    @Override
    public io.graphstaging.core.model.QuarantinePage quarantine(GraphId graph, TableName table, long limit, long offset) {
        return real.quarantine(graph, table, limit, offset);
    }

    @Override
    public List<Column> readSchema(GraphId graph, SourceFile file) {
        return real.readSchema(graph, file);
    }

    @Override
    public List<TableSummary> listTables(GraphId graph) {
        return real.listTables(graph);
    }

    @Override
    public Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        return real.describeTable(graph, table);
    }

    @Override
    public boolean dropTable(GraphId graph, TableName table) {
        return real.dropTable(graph, table);
    }

    @Override
    public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        return real.deleteFileRows(graph, table, fileId);
    }

    @Override
    public ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
        return real.exportParquet(graph, table, columns, onlyFiles);
    }
}
