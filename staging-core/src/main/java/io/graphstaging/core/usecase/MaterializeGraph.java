package io.graphstaging.core.usecase;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.sync.SyncMode;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Materializes every node and relationship staging table of a graph (or those named), node
 * tables first, one after the other, each on its own table's queue. {@code rebuild} implies
 * cascade. The first failure stops the run; the tables done stay done.
 */
public final class MaterializeGraph {
    private final StagingStore store;
    private final Materialize materialize;

    /**
     * The tables materialized, and the failure that stopped the run when one did.
     *
     * @param failedTable the table whose materialize failed
     */
    public record Outcome(List<MaterializeResult> done, Optional<TableName> failedTable,
                          Optional<StagingException> failure) {
        public Outcome {
            done = List.copyOf(done);
        }
    }

    @Inject
    public MaterializeGraph(StagingStore store, Materialize materialize) {
        this.store = store;
        this.materialize = materialize;
    }

    /** @param tables when not empty, only these tables (in dependency order all the same) */
    public Outcome execute(GraphId graph, List<TableName> tables, MaterializeOptions options) {
        Set<String> wanted = tables.stream().map(t -> t.value().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<TableSummary> ordered = store.listTables(graph).stream()
                .filter(t -> t.kind() != TableKind.PLAIN)
                .filter(t -> wanted.isEmpty() || wanted.contains(t.table().value().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing((TableSummary t) -> t.kind() == TableKind.NODE ? 0 : 1))
                .toList();
        MaterializeOptions each = new MaterializeOptions(options.mode(), options.ignoreErrors(), Set.of(),
                Optional.empty(), Optional.empty(), options.cascade() || options.mode() == SyncMode.REBUILD,
                options.dryRun(), options.verify());
        List<MaterializeResult> done = new ArrayList<>();
        for (TableSummary table : ordered) {
            try {
                done.add(materialize.executeWithoutSnapshot(graph, table.table(), each));
            } catch (StagingException e) {
                snapshotIfWritten(graph, done);
                return new Outcome(done, Optional.of(table.table()), Optional.of(e));
            }
        }
        snapshotIfWritten(graph, done);
        return new Outcome(done, Optional.empty(), Optional.empty());
    }

    // One snapshot for the run, the tables done staying done even when a later one failed.
    private void snapshotIfWritten(GraphId graph, List<MaterializeResult> done) {
        if (done.stream().anyMatch(r -> !r.dryRun() && !r.skipped())) {
            materialize.snapshot(graph);
        }
    }
}
