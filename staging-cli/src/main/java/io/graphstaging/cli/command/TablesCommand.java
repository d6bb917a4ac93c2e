package io.graphstaging.cli.command;

import io.graphstaging.cli.output.TextTable;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.TableSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tables}: the staging tables of a graph. */
@Command(name = "tables", description = "List the staging tables of a graph with their kind, rows, files and size.",
        footerHeading = "%nExample:%n", footer = "  graph-staging tables --graph demo")
final class TablesCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin CommonOptions common;

    TablesCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            List<TableSummary> tables = staging.listTables().execute(graph.graph());
            if (common.json) {
                tables.forEach(t -> common.outcomes().print(Steps.tableFields("table", t), ""));
            } else {
                new TextTable(List.of("table", "kind", "rows", "files", "size_bytes"), tables.stream()
                        .map(t -> List.of(t.table().value(), t.kind().wireName(), Long.toString(t.rowCount()),
                                Long.toString(t.fileCount()), Long.toString(t.sizeBytes())))
                        .toList()).print(common.spec.commandLine().getOut());
            }
            return ExitCodes.DONE;
        });
    }
}
