package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;
import io.graphstaging.ladybug.binding.QueryResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a Parquet file of new rows into a graph table as a {@link LoadPlan} says: shapes
 * the copy to the buffer pool ({@link CopyMemory}: threads, batches, or a refusal), runs it and
 * counts what was loaded and rejected. Engine errors become domain errors here. Relationships
 * new to a table that existed before the write are created instead ({@link #create}).
 */
final class TableCopy {
    private static final Logger LOG = LoggerFactory.getLogger(TableCopy.class);
    private static final int LOGGED_WARNINGS = 10;
    private final CopyMemory memory;

    /** @param maxThreads the configured threads per query; 0 means all cores */
    TableCopy(long poolBytes, int maxThreads) {
        this.memory = new CopyMemory(poolBytes, maxThreads);
    }

    /**
     * Refuses, before anything is created or exported, a table whose columns alone do not fit
     * the buffer pool.
     */
    void checkColumnsFit(TableSchema schema, LoadPlan plan) {
        memory.shape(describe(schema), graphTypes(schema, plan), 0, true);
    }

    /** What a copy added, and how many offered rows the engine refused (only when ignoring errors). */
    record Copied(long inserted, long rejected) {}

    /**
     * Copies the rows of {@code parquet} (keys new to the table) into it; {@code created} says
     * the table was created by this call (empty, and dropped again by the caller on failure, so
     * its copy may be split into batches). Without {@code ignoreErrors} a row the engine refuses
     * fails the copy, which it rolls back; with it, refused rows are counted from the table's
     * row count and the engine's warnings (their messages: a Parquet copy's name no file or row)
     * are logged. The sync plan predicts every refusal it can (EngineRefusalsTest found none left
     * for rows staging holds), so an engine refusal means the plan and the graph disagreed.
     */
    Copied run(Connection connection, TableSchema schema, LoadPlan plan, Path parquet, long rows, boolean created,
               boolean ignoreErrors) {
        if (rows == 0) {
            return new Copied(0, 0);
        }
        long before = created ? 0 : GraphCatalog.rowCount(connection, plan.tableName(), plan.kind());
        if (!created && plan.kind() == GraphTableKind.RELATIONSHIP) {
            return create(connection, schema, plan, parquet, rows, before, ignoreErrors);
        }
        Copies copies = copies(schema, plan, parquet, rows, before);
        if (!ignoreErrors) {
            execute(connection, schema, plan, copies, false);
            return new Copied(rows, 0);
        }
        // The engine keeps a connection's warnings until cleared: only this copy's are read.
        connection.execute("CALL clear_warnings()");
        execute(connection, schema, plan, new Copies(copies.threads(),
                copies.statements().stream().map(s -> s + " (ignore_errors=true)").toList()), true);
        long added = GraphCatalog.rowCount(connection, plan.tableName(), plan.kind()) - before;
        if (added < rows) {
            LOG.warn("{}: the engine refused {} of {} row(s) (ignore_errors): {}", describe(schema), rows - added, rows,
                    warnings(connection));
        }
        return new Copied(added, rows - added);
    }

    /**
     * New relationships of a table that existed before this write, created rather than copied:
     * such a write runs in the sync's transaction, and 0.14.3 empties the table, or crashes,
     * when it rolls back a completed {@code COPY} into a relationship table (a failure or cancel
     * later in the sync), while created relationships roll back correctly. A row whose source
     * or destination the graph does not hold creates nothing; counted from the table's row count,
     * it fails the write (the caller rolls back) or, with {@code ignoreErrors}, is rejected, as
     * {@code COPY} would have it.
     */
    private Copied create(Connection connection, TableSchema schema, LoadPlan plan, Path parquet, long rows, long before,
                          boolean ignoreErrors) {
        try {
            connection.execute(plan.createRelationships(parquet, LadybugGraphSink.sentAsText(schema)));
        } catch (LadybugException e) {
            throw translate(schema, plan, e, ignoreErrors);
        }
        long added = GraphCatalog.rowCount(connection, plan.tableName(), plan.kind()) - before;
        if (added < rows && !ignoreErrors) {
            throw new StagingException(ErrorCode.GRAPH_REJECTED_ROWS, "The graph rejected rows of table " + schema.table()
                    + ", nothing was loaded (set ignore_errors to skip such rows): " + (rows - added) + " of " + rows
                    + " relationship(s) have a source or destination the graph does not hold");
        }
        if (added < rows) {
            LOG.warn("{}: {} of {} relationship(s) have a source or destination the graph does not hold (ignore_errors)",
                    describe(schema), rows - added, rows);
        }
        return new Copied(added, rows - added);
    }

    /** The first warnings the engine kept, joined. */
    private static String warnings(Connection connection) {
        List<String> messages = new ArrayList<>();
        try (QueryResult result = connection.query("CALL show_warnings() RETURN message LIMIT " + LOGGED_WARNINGS)) {
            while (result.hasNext()) {
                messages.add(result.next().getString(0));
            }
        }
        return messages.isEmpty() ? "(no warning kept)" : String.join("; ", messages);
    }

    /** The copy statements of one load and the threads that fit them in the pool. */
    private record Copies(int threads, List<String> statements) {}

    private Copies copies(TableSchema schema, LoadPlan plan, Path parquet, long rows, long before) {
        if (plan.kind() == GraphTableKind.RELATIONSHIP) {
            // Relationships are held per source node group whatever the split: no batches.
            CopyMemory.Shape shape = memory.shape(describe(schema), graphTypes(schema, plan), 0, false);
            return new Copies(shape.threads(), List.of(plan.copyAll(parquet)));
        }
        String keyType = graphTypes(schema, plan).get(plan.exportColumns().indexOf(plan.keyColumns().get(0)));
        // A copy into a table with rows touches its index as well as the new keys.
        long keyBytes = CopyMemory.keyBytes(rows + before, keyType);
        CopyMemory.Shape shape = memory.shape(describe(schema), graphTypes(schema, plan), keyBytes, before == 0);
        List<String> statements = new ArrayList<>();
        if (before > 0) {
            // Only keys new to the table are offered: a plain copy appends them.
            statements.add(plan.copyAll(parquet));
        } else if (shape.batches() == 1) {
            statements.add(plan.copyAll(parquet));
        } else {
            for (int batch = 0; batch < shape.batches(); batch++) {
                statements.add(plan.copyBatch(parquet, batch, shape.batches()));
            }
        }
        return new Copies(shape.threads(), statements);
    }

    private void execute(Connection connection, TableSchema schema, LoadPlan plan, Copies copies, boolean ignoringErrors) {
        try {
            // A setting of the connection, which only the sink uses: every copy sets its own.
            connection.execute("CALL threads=" + copies.threads());
            for (String statement : copies.statements()) {
                connection.execute(statement);
            }
        } catch (LadybugException e) {
            throw translate(schema, plan, e, ignoringErrors);
        }
    }

    private StagingException translate(TableSchema schema, LoadPlan plan, LadybugException e, boolean ignoringErrors) {
        String message = e.getMessage();
        if (message.contains("buffer pool is full")) {
            return memory.ranOut(describe(schema));
        }
        if (message.contains("Unsupported casting function")) {
            // A type the engine declares but cannot read from Parquet: no row could be loaded.
            return new StagingException(ErrorCode.SCHEMA_MISMATCH, "The graph cannot load column(s) "
                    + columnsNamed(schema, plan, message) + " of table " + schema.table() + " from the staged data: "
                    + message, e);
        }
        boolean rowError = message.startsWith("Copy exception") || message.startsWith("Conversion exception")
                || message.contains("primary key");
        if (rowError && !ignoringErrors) {
            return new StagingException(ErrorCode.GRAPH_REJECTED_ROWS, "The graph rejected rows of table "
                    + schema.table() + ", nothing was loaded (set ignore_errors to skip such rows): " + message, e);
        }
        return new StagingException(ErrorCode.GRAPH_FAILED, "Copying table " + schema.table() + " into graph "
                + schema.graph() + " failed" + (ignoringErrors ? " (an error ignore_errors does not skip)" : "") + ": "
                + message, e);
    }

    /** The export's columns whose graph type the engine names as a cast's target, e.g. "... to TIMESTAMP_NS.". */
    private static String columnsNamed(TableSchema schema, LoadPlan plan, String message) {
        List<String> types = graphTypes(schema, plan);
        String upper = message.toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (Pattern.compile(" TO " + Pattern.quote(types.get(i).toUpperCase(Locale.ROOT)) + "\\b").matcher(upper).find()) {
                names.add(plan.exportColumns().get(i) + " (" + types.get(i) + ")");
            }
        }
        return names.isEmpty() ? "(not named by the engine)" : String.join(", ", names);
    }

    /** The graph types of the export's columns, in export order. */
    private static List<String> graphTypes(TableSchema schema, LoadPlan plan) {
        List<String> types = new ArrayList<>();
        for (String name : plan.exportColumns()) {
            Column column = schema.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            types.add(LadybugTypes.of(column));
        }
        return types;
    }

    private static String describe(TableSchema schema) {
        return "Loading table " + schema.table() + " into graph " + schema.graph();
    }
}
