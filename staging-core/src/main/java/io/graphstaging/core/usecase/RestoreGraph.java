package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.snapshot.GraphSnapshots;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a graph this node does not hold up to date before serving it (snapshots on): the graph
 * database from its latest snapshot when missing here (or when the node took the graph over), and
 * each staging table the registry knows and this node lacks, rebuilt by {@link RefreshTable}.
 * Done on a graph's first request in this process and after each takeover; a failure (a bad
 * checksum, a refresh error) fails the request and the next request tries again.
 */
public final class RestoreGraph {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreGraph.class);

    private final GraphSnapshots snapshots;
    private final FileRegistry registry;
    private final StagingStore store;
    private final RefreshTable refresh;
    private final Set<GraphId> served = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<GraphId, Object> locks = new ConcurrentHashMap<>();

    @Inject
    public RestoreGraph(GraphSnapshots snapshots, FileRegistry registry, StagingStore store, RefreshTable refresh) {
        this.snapshots = snapshots;
        this.registry = registry;
        this.store = store;
        this.refresh = refresh;
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
        synchronized (locks.computeIfAbsent(graph, g -> new Object())) {
            if (!takenOver && served.contains(graph)) {
                return 0;
            }
            if (takenOver) {
                snapshots.restoreTakenOver(graph);
            } else {
                snapshots.restoreIfMissing(graph);
            }
            int rebuilt = 0;
            for (RegistryTable table : registry.listTables(graph)) {
                boolean staged = store.describeTable(graph, table.table()).isPresent();
                // Only a table with an uploaded file can be refreshed; the others hold nothing yet.
                boolean files = registry.listFiles(graph, table.table()).stream()
                        .anyMatch(f -> f.uploadStatus() == UploadStatus.COMPLETED);
                if ((!staged || takenOver) && files) {
                    refresh.execute(graph, table.table());
                    rebuilt++;
                }
            }
            if (rebuilt > 0) {
                LOG.info("Rebuilt {} staging table(s) of graph {} from the registry", rebuilt, graph);
            }
            served.add(graph);
            return rebuilt;
        }
    }
}
