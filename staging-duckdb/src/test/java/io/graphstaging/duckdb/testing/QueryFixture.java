package io.graphstaging.duckdb.testing;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import java.nio.file.Path;
import java.time.Clock;

/** A pool of real DuckDB files under one directory, with its store, its queries and a stager. */
public final class QueryFixture implements AutoCloseable {
    private final DuckDbConnectionPool pool;
    private final DuckDbStagingStore store;
    private final QueryThreads threads;
    private final DuckDbStagingQueries queries;
    private final ParquetStager stager;

    /** Two DuckDB threads and 256 MiB per graph, {@code queryThreads} for the whole pool. */
    public QueryFixture(Path dir, int queryThreads) {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir).withThreads(2).withMemoryLimit(ByteSize.ofMebibytes(256)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        threads = new QueryThreads(queryThreads);
        queries = new DuckDbStagingQueries(pool, threads);
        stager = new ParquetStager(store, pool.paths());
    }

    public DuckDbConnectionPool pool() {
        return pool;
    }

    public DuckDbStagingStore store() {
        return store;
    }

    public QueryThreads threads() {
        return threads;
    }

    public DuckDbStagingQueries queries() {
        return queries;
    }

    public ParquetStager stager() {
        return stager;
    }

    @Override
    public void close() {
        pool.close();
    }
}
