package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.GraphTableStatus;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncRecord;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Staging against the graph, table by table: every node or relationship staging table, then the
 * graph tables no staging table feeds. A table is in sync when its sync record is of the staging
 * table's generation and version and the graph table still has the row count it recorded.
 */
public final class ReportGraphStatus {
    private final StagingStore store;
    private final SyncPlanner planner;
    private final GraphSink sink;

    @Inject
    public ReportGraphStatus(StagingStore store, SyncPlanner planner, GraphSink sink) {
        this.store = store;
        this.planner = planner;
        this.sink = sink;
    }

    public List<GraphTableStatus> execute(GraphId graph) {
        Map<String, GraphTableStats> graphTables = new LinkedHashMap<>();
        sink.tables(graph).forEach(t -> graphTables.put(t.tableName().toLowerCase(Locale.ROOT), t));
        Map<String, SyncRecord> records = sink.syncRecords(graph);
        List<GraphTableStatus> statuses = new ArrayList<>();
        for (TableSummary staged : store.listTables(graph)) {
            if (staged.kind() == TableKind.PLAIN) {
                continue;
            }
            String key = staged.table().value().toLowerCase(Locale.ROOT);
            GraphTableStats inGraph = graphTables.remove(key);
            long graphRows = inGraph == null ? 0 : inGraph.rowCount();
            StagingPosition position = planner.position(graph, staged.table());
            Optional<SyncRecord> record = inGraph == null ? Optional.empty() : Optional.ofNullable(records.get(key));
            boolean inSync = record.filter(r -> r.position().equals(position) && r.graphRows() == graphRows).isPresent();
            statuses.add(new GraphTableStatus(inGraph == null ? staged.table().value() : inGraph.tableName(),
                    staged.kind() == TableKind.NODE ? GraphTableKind.NODE : GraphTableKind.RELATIONSHIP,
                    Optional.of(staged.rowCount()), graphRows, inSync,
                    planner.filesAddedSince(graph, staged.table(), record.map(SyncRecord::position)),
                    record.map(SyncRecord::completedAt)));
        }
        for (GraphTableStats orphan : graphTables.values()) {
            statuses.add(new GraphTableStatus(orphan.tableName(), orphan.kind(), Optional.empty(), orphan.rowCount(), false,
                    List.of(), Optional.ofNullable(records.get(orphan.tableName().toLowerCase(Locale.ROOT)))
                    .map(SyncRecord::completedAt)));
        }
        return statuses;
    }
}
