package io.graphstaging.cli.command;

import io.graphstaging.cli.output.TextTable;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.sync.GraphTableStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graph}: what the graph database of a graph holds. */
@Command(name = "graph", description = "Look at the graph database of a graph.",
        subcommands = GraphCommand.Status.class,
        footerHeading = "%nExample:%n", footer = "  graph-staging graph status --graph demo")
final class GraphCommand {

    /** {@code graph status}: each table's rows in staging beside its rows in the graph, as the status route. */
    @Command(name = "status", description = "Each node and relationship table's rows in staging beside its rows in "
            + "the graph database, whether the graph is in sync with staging, and the files staged since the last "
            + "materialize (the server's GET /databases/{graph}/graph/status).",
            footerHeading = "%nExamples:%n",
            footer = {"  graph-staging graph status --graph demo", "  graph-staging graph status --graph demo --json"})
    static final class Status implements Callable<Integer> {
        private final CliEnvironment environment;

        @Mixin GraphOption graph;
        @Mixin CommonOptions common;

        Status(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
                List<List<String>> rows = new ArrayList<>();
                for (GraphTableStatus status : staging.graphStatus().execute(graph.graph())) {
                    List<String> pending = status.pendingFileIds().stream().map(FileId::value).toList();
                    if (common.json) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("event", "graph_table");
                        fields.put("graph", graph.graph().value());
                        fields.put("table", status.tableName());
                        fields.put("kind", status.kind().wireName());
                        fields.put("staged_rows", status.stagedRows().orElse(null));
                        fields.put("graph_rows", status.graphRows());
                        fields.put("in_sync", status.inSync());
                        fields.put("pending_file_ids", pending);
                        fields.put("last_materialized_at", status.lastMaterializedAt().map(Object::toString).orElse(null));
                        common.outcomes().print(fields, "");
                    }
                    rows.add(List.of(status.tableName(), status.kind().wireName(),
                            status.stagedRows().map(String::valueOf).orElse("-"), Long.toString(status.graphRows()),
                            status.inSync() ? "yes" : "no", Integer.toString(pending.size()),
                            status.lastMaterializedAt().map(Object::toString).orElse("-")));
                }
                if (!common.json) {
                    new TextTable(List.of("table", "kind", "staged_rows", "graph_rows", "in_sync", "pending_files",
                            "last_materialized_at"), rows).print(common.spec.commandLine().getOut());
                }
                return ExitCodes.DONE;
            });
        }
    }
}
