package io.graphstaging.cli.command;

import io.graphstaging.cli.progress.ProgressView;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.usecase.RefreshTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code refresh}: stages a table again from the registry's completed files. */
@Command(name = "refresh", description = "Stage a table again from the files the registry lists as completed. "
        + "Files that fail are listed; the exit code is then that of the first failure.",
        footerHeading = "%nExample:%n", footer = "  graph-staging refresh --graph demo --table person")
final class RefreshCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin ContractOptions contract;
    @Mixin CommonOptions common;

    RefreshCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            RefreshTable.Outcome outcome;
            try (ProgressView view = common.progress(environment).open("refresh " + table.table())) {
                outcome = staging.refreshTable().execute(graph.graph(), table.table(), contract.contract(), cancellation,
                        view);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "refreshed");
            fields.put("graph", graph.graph().value());
            fields.put("table", table.table().value());
            fields.put("rows", outcome.table().summary().rowCount());
            fields.put("files_staged", outcome.stagedFiles().size());
            List<Map<String, String>> failed = outcome.failedFiles().stream()
                    .map(f -> Map.of("file_id", f.file().id().value(), "code", f.cause().code(), "reason", f.reason()))
                    .toList();
            fields.put("files_failed", failed);
            StringBuilder sentence = new StringBuilder(String.format(Locale.ROOT,
                    "Refreshed %s/%s: %,d rows from %,d files", graph.graph(), table.table(),
                    outcome.table().summary().rowCount(), outcome.stagedFiles().size()));
            failed.forEach(f -> sentence.append(System.lineSeparator()).append("  failed: ").append(f.get("file_id"))
                    .append(" (").append(f.get("code")).append("): ").append(f.get("reason")));
            common.outcomes().print(fields, sentence.toString());
            return outcome.failedFiles().isEmpty() ? ExitCodes.DONE
                    : ExitCodes.of(outcome.failedFiles().get(0).cause());
        });
    }
}
