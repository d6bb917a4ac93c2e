package io.graphstaging.core.sync;

/**
 * Key values of a relationship table's endpoints, one Parquet file per side with one column
 * {@code key}: the values staged rows need, or those of them the graph holds. Each value is
 * there once and none is NULL (a planner joins staged rows with them).
 */
public record EndpointKeys(ParquetFile from, ParquetFile to) implements AutoCloseable {
    @Override
    public void close() {
        try (ParquetFile f = from; ParquetFile t = to) {
            // both deleted, the first failure reported
        }
    }
}
