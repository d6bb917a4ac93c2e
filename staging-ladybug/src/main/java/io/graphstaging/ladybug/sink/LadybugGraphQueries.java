package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.CypherQuery;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.port.GraphQueries;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;
import io.graphstaging.ladybug.binding.PreparedStatement;
import io.graphstaging.ladybug.binding.QueryInterruptedException;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.ResultColumn;
import io.graphstaging.ladybug.binding.Row;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Read-only Cypher on the graph databases the sink keeps ({@link GraphDatabases}), checked by
 * {@link CypherSandbox}. A query runs on its graph's connection and holds the graph meanwhile
 * (the engine allows one read-write database per file per process): materialize on the graph
 * waits for it. The engine keeps a query's whole result until it is read, so a stream bounds
 * what the server holds of it in Java, not in the engine.
 */
public final class LadybugGraphQueries implements GraphQueries {
    private final GraphDatabases databases;
    private final QueryThreads threads;
    private final Duration timeout;

    @Inject
    public LadybugGraphQueries(LadybugGraphSink sink, QueryThreads threads, QueryLimits limits) {
        this.databases = sink.databases();
        this.threads = threads;
        this.timeout = limits.timeout();
    }

    @Override
    public void stream(GraphId graph, CypherQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        if (chunkSize < 1) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "The chunk size must be positive, was " + chunkSize);
        }
        cancellation.throwIfCancelled();
        Map<String, Object> parameters = engineParameters(query.parameters());
        try (QueryThreads.Permit permit = threads.acquire(graph, cancellation)) {
            boolean ran = databases.readIfExists(graph, connection -> {
                run(connection, query.cypher(), parameters, chunkSize, cancellation, consumer);
                return true;
            }).orElse(false);
            if (!ran) {
                throw new StagingException(ErrorCode.GRAPH_NOT_FOUND,
                        "Graph " + graph + " has no graph database: nothing was created or materialized in it");
            }
        }
    }

    private void run(Connection connection, String cypher, Map<String, Object> parameters, int chunkSize,
                     Cancellation cancellation, Consumer<QueryChunk> consumer) {
        // The limit covers the whole query (sandbox, engine, reading the rows out), so that a
        // query past it is always an error: the engine counts only its own execution, and one
        // that ends just after its limit answers normally.
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement statement = CypherSandbox.prepare(connection, cypher, parameters)) {
            cancellation.throwIfCancelled();
            // The engine's own limit backs up the cancellation: an interrupt that comes before
            // the query has started is lost.
            connection.setQueryTimeout(remaining(deadline));
            try (EngineInterrupts interrupts = EngineInterrupts.watch(connection, cancellation);
                 QueryResult result = statement.execute(parameters)) {
                cancellation.throwIfCancelled();
                checkDeadline(deadline);
                List<Column> columns = new ArrayList<>();
                for (ResultColumn column : result.columns()) {
                    columns.add(new Column(column.name(), column.type()));
                }
                int index = 0;
                List<List<Object>> rows = new ArrayList<>();
                while (result.hasNext()) {
                    cancellation.throwIfCancelled();
                    checkDeadline(deadline);
                    Row row = result.next();
                    List<Object> values = new ArrayList<>(row.values().size());
                    for (Object value : row.values()) {
                        values.add(GraphValues.toJdk(value));
                    }
                    rows.add(values);
                    if (rows.size() == chunkSize) {
                        consumer.accept(new QueryChunk(columns, rows, index++, !result.hasNext()));
                        rows = new ArrayList<>();
                        if (!result.hasNext()) {
                            return;
                        }
                    }
                }
                consumer.accept(new QueryChunk(columns, rows, index, true));
            } finally {
                connection.setQueryTimeout(Duration.ZERO);
            }
        } catch (QueryInterruptedException e) {
            cancellation.throwIfCancelled();
            if (e.timedOut()) {
                throw timedOut();
            }
            throw new StagingException(ErrorCode.CANCELLED, "The Cypher query was stopped");
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.INVALID_CYPHER, "The graph engine rejected the Cypher: " + e.getMessage());
        }
    }

    /** What is left of the limit, at least a millisecond (a zero limit means none to the engine). */
    private Duration remaining(long deadline) {
        checkDeadline(deadline);
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
    }

    private void checkDeadline(long deadline) {
        if (System.nanoTime() - deadline >= 0) {
            throw timedOut();
        }
    }

    private StagingException timedOut() {
        return new StagingException(ErrorCode.QUERY_TIMEOUT,
                "The Cypher query ran longer than its time limit of " + timeout.toMillis() + " ms and was stopped");
    }

    /** JSON numbers as the engine takes them: integers as INT64 where they fit, decimals exact. */
    static Map<String, Object> engineParameters(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((name, value) -> out.put(name, engineValue(value)));
        return out;
    }

    private static Object engineValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(LadybugGraphQueries::engineValue).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), engineValue(v)));
            return out;
        }
        return value;
    }
}
