package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.snapshot.GraphSnapshots;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a graph this node does not hold up to date before serving it (snapshots on): the graph
 * database from its latest snapshot when missing here (or when the node took the graph over), and
 * the staging tables the node that last held the graph had, rebuilt by
 * {@link RefreshTable#rebuildHeld}: a table is held when the registry records one of its files as
 * {@code staged} (a refresh or a direct create or append stages it; a table drop, a graph or
 * staging removal sends it back to {@code pending}). A table registered but never refreshed, or
 * dropped, is not rebuilt; after a takeover a local staging table the registry does not record as
 * held is stale and dropped. Done on a graph's first request in this process and after each
 * takeover; a failure (a bad checksum, a refresh error) fails the request and the next request
 * tries again.
 */
public final class RestoreGraph {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreGraph.class);

    private final GraphSnapshots snapshots;
    private final FileRegistry registry;
    private final StagingStore store;
    private final RefreshTable refresh;
    private final TableLocks locks;
    private final Set<GraphId> served = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<GraphId, Object> graphLocks = new ConcurrentHashMap<>();

    @Inject
    public RestoreGraph(GraphSnapshots snapshots, FileRegistry registry, StagingStore store, RefreshTable refresh,
                        TableLocks locks) {
        this.snapshots = snapshots;
        this.registry = registry;
        this.store = store;
        this.refresh = refresh;
        this.locks = locks;
    }

    public boolean enabled() {
        return snapshots.enabled();
    }

    /**
     * @param takenOver the node has just taken the graph's lease from another node
     * @return how many staging tables were rebuilt (the graph database may have been restored without any)
     */
    public int beforeServing(GraphId graph, boolean takenOver) {
        if (!snapshots.enabled() || !takenOver && served.contains(graph)) {
            return 0;
        }
        synchronized (graphLocks.computeIfAbsent(graph, g -> new Object())) {
            if (!takenOver && served.contains(graph)) {
                return 0;
            }
            if (takenOver) {
                snapshots.restoreTakenOver(graph);
            } else {
                snapshots.restoreIfMissing(graph);
            }
            Set<String> local = new HashSet<>();
            store.listTables(graph).forEach(t -> local.add(lowerCase(t.table())));
            Set<String> held = new HashSet<>();
            int rebuilt = 0;
            for (RegistryTable table : registry.listTables(graph)) {
                if (!isHeld(graph, table.table())) {
                    continue;
                }
                held.add(lowerCase(table.table()));
                if (takenOver || !local.contains(lowerCase(table.table()))) {
                    refresh.rebuildHeld(graph, table.table());
                    rebuilt++;
                }
            }
            if (takenOver) {
                dropStale(graph, held);
            }
            if (rebuilt > 0) {
                LOG.info("Rebuilt {} staging table(s) of graph {} from the registry", rebuilt, graph);
            }
            served.add(graph);
            return rebuilt;
        }
    }

    /** Whether the node that last held the graph had this table: one of its files is recorded staged. */
    private boolean isHeld(GraphId graph, TableName table) {
        return registry.listFiles(graph, table).stream()
                .anyMatch(f -> f.uploadStatus() == UploadStatus.COMPLETED && f.stagingStatus() == StagingStatus.STAGED);
    }

    /** Local staging tables from an earlier time this node held the graph, which another node dropped since. */
    private void dropStale(GraphId graph, Set<String> held) {
        for (TableSummary table : store.listTables(graph)) {
            if (!held.contains(lowerCase(table.table()))) {
                TableLocks.join(locks.onTable(graph, table.table(), () -> store.dropTable(graph, table.table())));
                LOG.info("Dropped staging table {} of graph {}: the node that held the graph last did not have it",
                        table.table(), graph);
            }
        }
    }

    private static String lowerCase(TableName table) {
        return table.value().toLowerCase(Locale.ROOT);
    }
}
