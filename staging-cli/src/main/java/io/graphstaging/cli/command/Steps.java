package io.graphstaging.cli.command;

import io.graphstaging.bootstrap.GraphStaging;
import io.graphstaging.cli.output.Outcomes;
import io.graphstaging.cli.progress.ProgressView;
import io.graphstaging.cli.progress.ProgressViews;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.sync.Reject;
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
        fields.put("mode", result.mode().wireName());
        fields.put("dry_run", result.dryRun());
        fields.put("rows_staged", result.rowsStaged());
        fields.put("rows_ingested", result.rowsIngested());
        fields.put("rows_inserted", result.rowsInserted());
        fields.put("rows_updated", result.rowsUpdated());
        fields.put("rows_unchanged", result.rowsUnchanged());
        fields.put("rows_deleted", result.rowsDeleted());
        fields.put("rows_rejected", result.rowsRejected());
        fields.put("relationships_removed", result.relationshipsRemoved());
        fields.put("emptied_tables", result.emptiedTables());
        fields.put("would_fail", result.wouldFail());
        result.drift().ifPresent(d -> {
            Map<String, Object> drift = new LinkedHashMap<>();
            drift.put("missing", d.missing());
            drift.put("different", d.different());
            drift.put("extra", d.extra());
            fields.put("drift", drift);
        });
        fields.put("rejects", result.rejects().stream().map(Steps::rejectFields).toList());
        fields.put("duration_ms", took.toMillis());
        outcomes.print(fields, sentence(result, took));
        if (!outcomes.json()) {
            // The rejects follow their outcome line, one per line, so a person sees what to fix.
            result.rejects().forEach(r -> outcomes.line("  rejected " + r.key() + r.fileId().map(f -> " (file " + f + ")")
                    .orElse("") + ": " + r.reason()));
            if (result.rowsRejected() > result.rejects().size()) {
                outcomes.line(String.format(Locale.ROOT, "  ... and %,d more rejected rows",
                        result.rowsRejected() - result.rejects().size()));
            }
        }
        return result;
    }

    private static String sentence(MaterializeResult result, Duration took) {
        String target = result.graph() + "/" + result.table();
        if (result.skipped()) {
            return String.format(Locale.ROOT, "Skipped %s: no such staging table", target);
        }
        String counts = String.format(Locale.ROOT, "%,d inserted, %,d updated, %,d unchanged, %,d deleted", result.rowsInserted(),
                result.rowsUpdated(), result.rowsUnchanged(), result.rowsDeleted());
        if (result.dryRun()) {
            return String.format(Locale.ROOT, "Dry run of %s (%s): would write %s; %,d rows would be rejected%s%s in %s",
                    target, result.mode().wireName(), counts, result.rowsRejected(),
                    result.wouldFail() ? " (the call would fail: rerun with --ignore-errors to skip them)" : "",
                    result.drift().map(d -> String.format(Locale.ROOT, "; the graph differs: %,d rows missing, %,d "
                            + "different, %,d extra", d.missing(), d.different(), d.extra())).orElse(""), seconds(took));
        }
        return String.format(Locale.ROOT, "Materialized %s: %,d rows loaded, %,d rejected (%s: %s)%s in %s", target,
                result.rowsIngested(), result.rowsRejected(), result.mode().wireName(), counts,
                result.emptiedTables().isEmpty() ? "" : "; emptied " + String.join(", ", result.emptiedTables()),
                seconds(took));
    }

    /** A rejected row as JSON fields: its key, file id (or null) and reason. */
    private static Map<String, Object> rejectFields(Reject reject) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", reject.key());
        fields.put("file_id", reject.fileId().map(FileId::value).orElse(null));
        fields.put("reason", reject.reason());
        return fields;
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
