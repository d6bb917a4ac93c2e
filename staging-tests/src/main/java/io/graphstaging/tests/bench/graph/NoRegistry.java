package io.graphstaging.tests.bench.graph;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A registry for benchmarks that have none: no table is registered, so nothing is marked. */
public final class NoRegistry implements FileRegistry {
    @Override
    public Registration registerTable(GraphId graph, TableName table, TableKind type) {
        throw new UnsupportedOperationException("no registry in the benchmark");
    }

    @Override
    public void registerStaged(GraphId graph, TableName table, TableKind type, List<StagedObject> objects,
                               boolean replace, long tableRowCount) {
        throw new UnsupportedOperationException("no registry in the benchmark");
    }

    @Override
    public int resetTable(GraphId graph, TableName table) {
        return 0; // nothing is registered here
    }

    @Override
    public java.util.Map<io.graphstaging.core.model.FileId, Optional<io.graphstaging.core.model.FileId>> stagingTags(
            GraphId graph, TableName table) {
        return java.util.Map.of();
    }

    @Override
    public int forgetStaged(GraphId graph, TableName table, io.graphstaging.core.model.FileId fileId) {
        return 0; // nothing is registered here
    }

    @Override
    public Optional<RegistryTable> findTable(GraphId graph, TableName table) {
        return Optional.empty();
    }

    @Override
    public List<RegistryTable> listTables(GraphId graph) {
        return List.of();
    }

    @Override
    public Optional<io.graphstaging.core.model.SchemaContract> schemaContract(GraphId graph, TableName table) {
        return Optional.empty();
    }

    @Override
    public boolean setSchemaContract(GraphId graph, TableName table, io.graphstaging.core.model.SchemaContract contract) {
        return false; // nothing is registered here
    }

    @Override
    public RegistryFile registerFile(NewRegistryFile file) {
        throw new UnsupportedOperationException("no registry in the benchmark");
    }

    @Override
    public List<RegistryFile> listFiles(GraphId graph, TableName table) {
        return List.of();
    }

    @Override
    public boolean markUploaded(GraphId graph, FileId file) {
        return false;
    }

    @Override
    public boolean markUploadFailed(GraphId graph, FileId file) {
        return false;
    }

    @Override
    public void recordStaging(GraphId graph, TableName table, Map<FileId, Long> staged, Collection<FileId> failed,
                              long tableRowCount) {
        throw new UnsupportedOperationException("no registry in the benchmark");
    }

    @Override
    public void markIngested(GraphId graph, Collection<FileId> files) {
        // no file ids in the benchmark's tables: never called with any
    }

    @Override
    public int resetGraph(GraphId graph, boolean graphToo) {
        return 0;
    }

    @Override
    public void markGraphPending(GraphId graph, Collection<FileId> files) {
        // likewise
    }

    @Override
    public void checkHealth() {
    }
}
