package io.graphstaging.bootstrap;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.s3.ObjectStoreConfig;
import java.util.List;

/** What the platform runs on, one line each, for the start-up log; never a secret. */
final class StartupSummary {
    private StartupSummary() {}

    static List<String> of(ObjectStoreConfig objects, RegistryConfig registry, DuckDbConfig staging, SpoolDirectory spool,
                           LadybugConfig graph, ByteSize budget, QueryLimits queryLimits) {
        return List.of(
                "object store: " + (objects.kind() == ObjectStoreConfig.Kind.LOCAL
                        ? "local directory " + objects.localDirectory().toAbsolutePath()
                        : "S3 at " + objects.endpoint().map(Object::toString).orElse("the AWS endpoint of " + objects.region())),
                "registry: " + registry.redactedJdbcUrl().orElse("embedded PostgreSQL in " + registry.dataDir().toAbsolutePath()),
                "staging databases: " + staging.stagingDir().toAbsolutePath() + " (spool " + spool.root().toAbsolutePath() + ")",
                "graph databases: " + graph.databaseDir().toAbsolutePath(),
                "memory budget: " + budget + ", query threads: " + queryLimits.threads());
    }
}
