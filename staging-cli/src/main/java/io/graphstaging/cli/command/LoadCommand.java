package io.graphstaging.cli.command;

import io.graphstaging.cli.manifest.Manifest;
import io.graphstaging.cli.manifest.ManifestReader;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.usecase.StageFilesCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code load}: a whole graph from a manifest. Every table is staged in the order listed, then
 * materialized in dependency order: node tables first, then the relationship tables between them.
 */
@Command(name = "load", description = "Stage and materialize a whole graph from a manifest (YAML, or JSON when the "
        + "name ends with .json): every table staged in the order listed, then node tables materialized, then "
        + "relationship tables. Exit code 3 when the graph rejected rows (ignore_errors: true).",
        footerHeading = "%nExample:%n", footer = {"  graph-staging load demo.yaml", "",
            "with demo.yaml:",
            "  graph: demo",
            "  tables:",
            "    - table: person",
            "      pattern: s3://demo/people/*.parquet",
            "    - table: knows",
            "      uris: [s3://demo/knows.parquet]",
            "      from: person",
            "      to: person"})
final class LoadCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest file.")
    Path manifestFile;

    LoadCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        Manifest manifest = ManifestReader.read(manifestFile);
        GraphId graph = GraphId.of(manifest.graph());
        List<StageFilesCommand> stagings = manifest.tables().stream().map(t -> staging(graph, t)).toList();
        return common.platform(environment).run(graph, (staging, cancellation) -> {
            Instant start = environment.clock().instant();
            Steps steps = new Steps(staging, cancellation, common.progress(environment), common.outcomes(),
                    environment.clock());
            Map<String, TableSummary> staged = new LinkedHashMap<>();
            for (StageFilesCommand command : stagings) {
                staged.put(command.table().value(), steps.stage(command, false));
            }
            long ingested = 0;
            long rejected = 0;
            if (manifest.materialize()) {
                for (Manifest.Table table : materializeOrder(manifest, staged)) {
                    MaterializeResult result = steps.materialize(graph, TableName.of(table.table()),
                            new MaterializeOptions(SyncMode.SYNC, manifest.ignoreErrors(), Set.<FileId>of(),
                                    Optional.ofNullable(table.from()).map(TableName::of),
                                    Optional.ofNullable(table.to()).map(TableName::of), false, false, false));
                    ingested += result.rowsIngested();
                    rejected += result.rowsRejected();
                }
            }
            Duration took = Duration.between(start, environment.clock().instant());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "loaded");
            fields.put("graph", graph.value());
            fields.put("tables", staged.size());
            fields.put("rows_staged", staged.values().stream().mapToLong(TableSummary::rowCount).sum());
            fields.put("rows_ingested", ingested);
            fields.put("rows_rejected", rejected);
            fields.put("duration_ms", took.toMillis());
            common.outcomes().print(fields, String.format(Locale.ROOT,
                    "Loaded graph %s: %d tables, %,d rows staged, %,d loaded into the graph, %,d rejected in %s", graph,
                    staged.size(), (Long) fields.get("rows_staged"), ingested, rejected, Steps.seconds(took)));
            return rejected > 0 ? ExitCodes.REJECTED_ROWS : ExitCodes.DONE;
        });
    }

    private static StageFilesCommand staging(GraphId graph, Manifest.Table table) {
        ObjectPattern pattern = table.pattern() != null ? ObjectPattern.parse(table.pattern())
                : ObjectPattern.ofUris(table.uris());
        Map<ObjectUri, FileId> ids = new LinkedHashMap<>();
        table.fileIds().forEach((uri, id) -> ids.put(ObjectUri.parse(uri), FileId.of(id)));
        return new StageFilesCommand(graph, TableName.of(table.table()), pattern, ids);
    }

    /**
     * Node tables in the order listed, then relationship tables; plain tables are not copied into
     * the graph. A kind the manifest states must be the kind staged, and a relationship's
     * endpoints in the manifest must be node tables.
     */
    static List<Manifest.Table> materializeOrder(Manifest manifest, Map<String, TableSummary> staged) {
        List<Manifest.Table> nodes = new ArrayList<>();
        List<Manifest.Table> relationships = new ArrayList<>();
        for (Manifest.Table table : manifest.tables()) {
            TableKind kind = staged.get(table.table()).kind();
            if (table.kind() != null && !table.kind().equalsIgnoreCase(kind.wireName())) {
                throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + table.table() + " is listed as a "
                        + table.kind() + " table but its columns make it a " + kind.wireName() + " table");
            }
            switch (kind) {
                case NODE -> nodes.add(table);
                case RELATIONSHIP -> relationships.add(table);
                case PLAIN -> { }
            }
        }
        for (Manifest.Table relationship : relationships) {
            for (String endpoint : new String[] {relationship.from(), relationship.to()}) {
                TableSummary target = endpoint == null ? null : staged.get(endpoint);
                if (target != null && target.kind() != TableKind.NODE) {
                    throw new StagingException(ErrorCode.INVALID_REQUEST, "Relationship table " + relationship.table()
                            + " connects " + endpoint + ", which is a " + target.kind().wireName() + " table, not a node table");
                }
            }
        }
        List<Manifest.Table> order = new ArrayList<>(nodes);
        order.addAll(relationships);
        return order;
    }
}
