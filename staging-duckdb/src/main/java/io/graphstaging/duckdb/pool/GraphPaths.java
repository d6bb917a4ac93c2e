package io.graphstaging.duckdb.pool;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import java.nio.file.Path;

/**
 * Where each graph's files live: its database, the spool directory its fetched objects are in,
 * and its export directory. Every path is proven to stay under its base directory.
 */
public final class GraphPaths {
    private final Path base;
    private final SpoolDirectory spool;
    private final Path exportBase;

    public GraphPaths(DuckDbConfig config, SpoolDirectory spool) {
        this.base = config.stagingDir();
        this.spool = spool;
        this.exportBase = base.resolve("exports");
    }

    public Path baseDirectory() {
        return base;
    }

    /** {@code <DUCKDB_STAGING_DIR>/<graph_id>.duckdb}. */
    public Path database(GraphId graph) {
        return under(base, graph.value() + ".duckdb");
    }

    /** The write-ahead log next to the database file. */
    public Path wal(GraphId graph) {
        return under(base, graph.value() + ".duckdb.wal");
    }

    /** The graph's fetched source files: the spool contract's directory of the graph. */
    public Path spool(GraphId graph) {
        return spool.of(graph);
    }

    /** {@code <DUCKDB_STAGING_DIR>/exports/}: one directory of exports per graph. */
    public Path exportBase() {
        return exportBase;
    }

    /** {@code <DUCKDB_STAGING_DIR>/exports/<graph_id>/}: the graph's Parquet exports. */
    public Path exports(GraphId graph) {
        return under(exportBase, graph.value());
    }

    /** The spool directory of all graphs ({@code STAGING_SPOOL_DIR}). */
    public Path spoolBase() {
        return spool.root();
    }

    private static Path under(Path dir, String name) {
        Path resolved = dir.resolve(name).normalize();
        // A graph id is already restricted to [A-Za-z0-9_-]; this is the second fence.
        if (!resolved.getParent().equals(dir)) {
            throw new StagingException(ErrorCode.INVALID_GRAPH_ID, "Graph path escapes its base directory: " + name);
        }
        return resolved;
    }
}
