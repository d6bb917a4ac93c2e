package io.graphstaging.bootstrap;

import com.google.inject.Module;
import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.snapshot.SnapshotConfig;
import io.graphstaging.core.cluster.DataDirectories;
import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.s3.ObjectStoreConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the platform needs from its settings, read by the one configuration reader and
 * validated together; the server and the command line both start from it. A caller with settings
 * of its own (the edge's) reads them from the same {@link Settings} first, so that one exception
 * lists every problem.
 *
 * @param directories     each configured directory by the setting that names it (for redaction)
 * @param dataDirectories the directories one process owns while it runs, by setting (locked with
 *                        {@link DataDirectoryLock}): the staging and graph databases' directories
 * @param modules         the platform-wide values and every adapter, composed
 * @param unreadVariables variables with the platform's prefixes that no setting reads (typos)
 * @param summary         what the platform runs on, one line each, for the start-up log (never a secret)
 */
public record StartupConfiguration(Map<String, Path> directories, Map<String, Path> dataDirectories, List<Module> modules,
                                   List<String> unreadVariables, List<String> summary) {

    /** @throws io.graphstaging.core.config.InvalidConfigurationException listing every problem at once */
    public static StartupConfiguration from(Settings settings) {
        DuckDbConfig staging = DuckDbConfig.from(settings);
        SpoolDirectory spool = new SpoolDirectory(settings.path(SpoolDirectory.SETTING, staging.stagingDir().resolve("spool")));
        ObjectStoreConfig objects = ObjectStoreConfig.from(settings);
        RegistryConfig registry = RegistryConfig.from(settings);
        // Both engines of a graph close after the same idle time, read once by DuckDbConfig.
        LadybugConfig graph = LadybugConfig.from(settings).withIdleTimeout(staging.connectionTtl());
        long heap = Runtime.getRuntime().maxMemory();
        QueryLimits queryLimits = QueryLimits.from(settings, heap, Runtime.getRuntime().availableProcessors());
        ByteSize budget = settings.size("STAGING_MEMORY_BUDGET", defaultMemoryBudget(heap), ByteSize.ofMebibytes(64),
                ByteSize.ofBytes(Long.MAX_VALUE));
        ClusterConfig cluster = ClusterConfig.from(settings);
        SnapshotConfig snapshots = SnapshotConfig.from(settings, cluster);
        if (snapshots.enabled() && objects.kind() != ObjectStoreConfig.Kind.S3) {
            settings.problem("Graph snapshots (STAGING_GRAPH_SNAPSHOTS, or STAGING_NODE_ID set) need the S3 object store:"
                    + " set AWS_ENDPOINT_URL or the AWS_S3_ keys, or STAGING_OBJECT_STORE=s3");
        }
        settings.requireValid();
        List<Module> modules = new ArrayList<>();
        modules.add(new PlatformModule(spool, new MemoryBudget(budget, staging.poolWait()), queryLimits));
        modules.addAll(AdapterModules.of(staging, objects, registry, graph));
        Map<String, Path> directories = new LinkedHashMap<>();
        directories.put("DUCKDB_STAGING_DIR", staging.stagingDir());
        directories.put("STAGING_SPOOL_DIR", spool.root());
        directories.put("STAGING_OBJECT_STORE_DIR", objects.localDirectory());
        directories.put("STAGING_REGISTRY_DATA_DIR", registry.dataDir());
        directories.put("LBUG_DATABASE_DIR", graph.databaseDir());
        Map<String, Path> dataDirectories = new LinkedHashMap<>();
        dataDirectories.put("DUCKDB_STAGING_DIR", staging.stagingDir());
        if (!graph.databaseDir().equals(staging.stagingDir())) {
            dataDirectories.put("LBUG_DATABASE_DIR", graph.databaseDir());
        }
        modules.add(new ClusterModule(cluster, new DataDirectories(dataDirectories)));
        modules.add(new SnapshotModule(snapshots, objects));
        return new StartupConfiguration(Collections.unmodifiableMap(directories), Collections.unmodifiableMap(dataDirectories),
                List.copyOf(modules), settings.unreadVariables(),
                StartupSummary.of(objects, registry, staging, spool, graph, budget, queryLimits));
    }

    /** Half of the machine's memory minus the JVM heap, as the contract says (at least 256 MiB). */
    static ByteSize defaultMemoryBudget(long maxHeapBytes) {
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return ByteSize.ofBytes(Math.max(256L << 20, physical / 2 - maxHeapBytes));
    }
}
