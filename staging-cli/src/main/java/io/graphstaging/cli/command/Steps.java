package io.graphstaging.cli.command;

import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.cli.output.Outcomes;
import io.graphstaging.cli.progress.ProgressView;
import io.graphstaging.cli.progress.ProgressViews;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.usecase.StageFilesCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The long steps shared by the single commands and {@code load}: each runs one use case with the
 * command's cancellation and a progress view, and prints its outcome line.
 */
final class Steps {
    private final GraphStaging staging;
    private final Cancellation cancellation;
    private final ProgressViews progress;
    private final Outcomes outcomes;
    private final Clock clock;

    Steps(GraphStaging staging, Cancellation cancellation, ProgressViews progress, Outcomes outcomes, Clock clock) {
        this.staging = staging;
        this.cancellation = cancellation;
        this.progress = progress;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    /** Creates (or with {@code append}, appends to) a staging table. */
    TableSummary stage(StageFilesCommand command, boolean append) {
        String verb = append ? "append" : "stage";
        Instant start = clock.instant();
        StagedTable staged;
        try (ProgressView view = progress.open(verb + " " + command.table())) {
            staged = append
                    ? staging.appendFiles().execute(command, cancellation, view)
                    : staging.createTable().execute(command, cancellation, view);
        }
        TableSummary table = staged.summary();
        Duration took = Duration.between(start, clock.instant());
        Map<String, Object> fields = tableFields(append ? "appended" : "staged", table);
        fields.put("duration_ms", took.toMillis());
        fields.put("rows_quarantined", staged.rowsQuarantined());
        outcomes.print(fields, String.format(Locale.ROOT, "%s %s/%s (%s table): %,d rows from %,d files in %s%s",
                append ? "Appended to" : "Staged", table.graph(), table.table(), table.kind().wireName(), table.rowCount(),
                table.fileCount(), seconds(took), staged.rowsQuarantined() == 0 ? ""
                        : String.format(Locale.ROOT, "; %,d rows quarantined", staged.rowsQuarantined())));
        return table;
    }

    /** Copies a staging table into the graph. */
    MaterializeResult materialize(GraphId graph, TableName table, MaterializeOptions options) {
        Instant start = clock.instant();
        MaterializeResult result;
        try (ProgressView view = progress.open("materialize " + table)) {
            result = staging.materialize().execute(graph, table, options, cancellation, view);
        }
        Duration took = Duration.between(start, clock.instant());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "materialized");
        fields.put("graph", graph.value());
        fields.put("table", table.value());
        fields.put("skipped", result.skipped());
        fields.put("rows_ingested", result.rowsIngested());
        fields.put("rows_rejected", result.rowsRejected());
        fields.put("duration_ms", took.toMillis());
        outcomes.print(fields, result.skipped()
                ? String.format(Locale.ROOT, "Skipped %s/%s: no such staging table", graph, table)
                : String.format(Locale.ROOT, "Materialized %s/%s: %,d rows loaded, %,d rejected in %s", graph, table,
                        result.rowsIngested(), result.rowsRejected(), seconds(took)));
        return result;
    }

    /** A staging table as an outcome's fields: graph, table, kind, rows, files, size_bytes. */
    static Map<String, Object> tableFields(String event, TableSummary table) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("graph", table.graph().value());
        fields.put("table", table.table().value());
        fields.put("kind", table.kind().wireName());
        fields.put("rows", table.rowCount());
        fields.put("files", table.fileCount());
        fields.put("size_bytes", table.sizeBytes());
        return fields;
    }

    static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }
}
