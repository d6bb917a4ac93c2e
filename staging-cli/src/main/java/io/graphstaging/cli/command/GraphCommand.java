package io.graphstaging.cli.command;

import io.graphstaging.cli.output.TextTable;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graph}: what the graph database of a graph holds. */
@Command(name = "graph", description = "Look at the graph database of a graph.",
        subcommands = GraphCommand.Status.class,
        footerHeading = "%nExample:%n", footer = "  graph-staging graph status --graph demo")
final class GraphCommand {

    /** {@code graph status}: each table's rows in staging beside its rows in the graph. */
    @Command(name = "status", description = "Each table's rows in staging beside its rows in the graph database.",
            footerHeading = "%nExample:%n", footer = "  graph-staging graph status --graph demo --json")
    static final class Status implements Callable<Integer> {
        private final CliEnvironment environment;

        @Mixin GraphOption graph;
        @Mixin CommonOptions common;

        Status(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            return common.platform(environment).run((staging, cancellation) -> {
                Map<String, TableSummary> staged = new LinkedHashMap<>();
                staging.listTables().execute(graph.graph()).forEach(t -> staged.put(t.table().value(), t));
                Map<String, GraphTableStats> inGraph = new LinkedHashMap<>();
                staging.graphTables(graph.graph()).forEach(t -> inGraph.put(t.tableName(), t));
                List<String> names = new ArrayList<>(staged.keySet());
                inGraph.keySet().stream().filter(n -> !staged.containsKey(n)).forEach(names::add);
                List<List<String>> rows = new ArrayList<>();
                for (String name : names) {
                    Optional<TableSummary> s = Optional.ofNullable(staged.get(name));
                    Optional<GraphTableStats> g = Optional.ofNullable(inGraph.get(name));
                    String kind = s.map(t -> t.kind().wireName()).orElseGet(() -> g.get().kind().wireName());
                    if (common.json) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        fields.put("event", "graph_table");
                        fields.put("graph", graph.graph().value());
                        fields.put("table", name);
                        fields.put("kind", kind);
                        fields.put("staged_rows", s.map(TableSummary::rowCount).orElse(null));
                        fields.put("graph_rows", g.map(GraphTableStats::rowCount).orElse(null));
                        common.outcomes().print(fields, "");
                    }
                    rows.add(List.of(name, kind, s.map(t -> Long.toString(t.rowCount())).orElse("-"),
                            g.map(t -> Long.toString(t.rowCount())).orElse("-")));
                }
                if (!common.json) {
                    new TextTable(List.of("table", "kind", "staged_rows", "graph_rows"), rows)
                            .print(common.spec.commandLine().getOut());
                }
                return ExitCodes.DONE;
            });
        }
    }
}
