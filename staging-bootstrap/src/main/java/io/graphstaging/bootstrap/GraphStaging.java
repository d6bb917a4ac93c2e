package io.graphstaging.bootstrap;

import com.google.inject.Injector;
import com.google.inject.Module;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.usecase.AppendFiles;
import io.graphstaging.core.usecase.CleanupGraph;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.DeleteFileRows;
import io.graphstaging.core.usecase.DeleteTable;
import io.graphstaging.core.usecase.ListTables;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.RestoreGraph;
import io.graphstaging.core.usecase.ReportGraphStatus;
import io.graphstaging.core.usecase.RunGraphQuery;
import io.graphstaging.core.usecase.RunQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform as a library: the core's use cases on the configured adapters (the same settings,
 * modules and checks as the server), for programs that stage, query and materialize without
 * HTTP. Holds the data directories' lock ({@link DataDirectoryLock}) until closed, so it never
 * runs on directories a server is using. Thread-safe; close it once, when done.
 *
 * <pre>{@code
 * try (GraphStaging staging = GraphStaging.open(Settings.fromEnvironment())) {
 *     GraphId graph = GraphId.of("demo");
 *     staging.restore(graph); // with snapshots on: the graph as its last snapshot and the registry hold it
 *     staging.createTable().execute(new StageFilesCommand(graph, TableName.of("person"),
 *             ObjectPattern.parse("s3://demo/people.parquet"), Map.of()));
 *     staging.materialize().execute(graph, TableName.of("person"),
 *             MaterializeOptions.sync());
 * }
 * }</pre>
 */
public final class GraphStaging implements AutoCloseable {
    private final Injector injector;
    private final RegisteredCloseables closeables;
    private final DataDirectoryLock lock;

    private GraphStaging(Injector injector, RegisteredCloseables closeables, DataDirectoryLock lock) {
        this.injector = injector;
        this.closeables = closeables;
        this.lock = lock;
    }

    /**
     * Reads and checks the settings, locks the data directories and starts the adapters (the
     * embedded registry when no external one is configured).
     *
     * @param holder who uses the directories, written into the lock file ("command line", "library")
     * @throws io.graphstaging.core.config.InvalidConfigurationException listing every problem
     * @throws DataDirectoryInUseException when a server or another program holds the data directories
     */
    public static GraphStaging open(Settings settings, String holder) {
        TableQueueConfig queues = TableQueueConfig.from(settings);
        StartupConfiguration configuration = StartupConfiguration.from(settings);
        return open(configuration, queues, holder);
    }

    /** {@link #open(Settings, String)} for a library user. */
    public static GraphStaging open(Settings settings) {
        return open(settings, "library");
    }

    /** The configuration already read (the command line reads it first to report typos). */
    public static GraphStaging open(StartupConfiguration configuration, TableQueueConfig queues, String holder) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(configuration.dataDirectories(), holder);
        try {
            List<Module> modules = new ArrayList<>(configuration.modules());
            modules.add(queues.coreModule());
            RegisteredCloseables closeables = RegisteredCloseables.of(modules);
            Injector injector = closeables.createInjector(RegisteredCloseables.HARDENING);
            return new GraphStaging(injector, closeables, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * With snapshots on ({@code STAGING_GRAPH_SNAPSHOTS}), brings the graph up to date before its
     * first use in this process, as the server does before serving it and the command line before
     * each command: the graph database from its latest snapshot when it is missing here, and each
     * staging table the registry knows and this process lacks, rebuilt from the registry. Call it
     * before working on a graph: a graph written here without it would start empty, and its next
     * snapshot would replace the one that held it. Does nothing when snapshots are off, or for a
     * graph already restored in this process.
     *
     * @return how many staging tables were rebuilt
     * @throws io.graphstaging.core.error.StagingException {@code SNAPSHOT_CORRUPT} (nothing installed),
     *         {@code SNAPSHOT_FAILED}, {@code REGISTRY_FAILED}, or what a rebuild of a table threw
     */
    public int restore(GraphId graph) {
        return injector.getInstance(RestoreGraph.class).beforeServing(graph, false);
    }

    public CreateTable createTable() {
        return injector.getInstance(CreateTable.class);
    }

    public AppendFiles appendFiles() {
        return injector.getInstance(AppendFiles.class);
    }

    public RefreshTable refreshTable() {
        return injector.getInstance(RefreshTable.class);
    }

    public DeleteFileRows deleteFileRows() {
        return injector.getInstance(DeleteFileRows.class);
    }

    public DeleteTable deleteTable() {
        return injector.getInstance(DeleteTable.class);
    }

    public ListTables listTables() {
        return injector.getInstance(ListTables.class);
    }

    public RunQuery runQuery() {
        return injector.getInstance(RunQuery.class);
    }

    /** Read-only Cypher on a graph database, in the same sandbox and limits as the server's Cypher route. */
    public RunGraphQuery runGraphQuery() {
        return injector.getInstance(RunGraphQuery.class);
    }

    /** Each table's rows in staging beside its rows in the graph, as the server's graph status route. */
    public ReportGraphStatus graphStatus() {
        return injector.getInstance(ReportGraphStatus.class);
    }

    public Materialize materialize() {
        return injector.getInstance(Materialize.class);
    }

    public CleanupGraph cleanupGraph() {
        return injector.getInstance(CleanupGraph.class);
    }

    /** The graph database's node and relationship tables with their row counts. */
    public List<GraphTableStats> graphTables(GraphId graph) {
        return injector.getInstance(GraphSink.class).tables(graph);
    }

    /** Closes the adapters (in dependency order), then releases the data directories. */
    @Override
    public void close() {
        try {
            closeables.closeAll();
        } finally {
            lock.close();
        }
    }
}
