package io.graphstaging.cli.command;

import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.model.FileId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code delete-file}: removes one source file's rows from a staging table. */
@Command(name = "delete-file", description = "Remove one source file's rows from a staging table.",
        footerHeading = "%nExample:%n", footer = "  graph-staging delete-file --graph demo --table person --file-id people-2026-12-01")
final class DeleteFileCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin TableOption table;
    @Mixin CommonOptions common;

    @Option(names = "--file-id", required = true, paramLabel = "ID", description = "The file id whose rows go.")
    String fileId;

    DeleteFileCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        return common.platform(environment).run(graph.graph(), (staging, cancellation) -> {
            long deleted = staging.deleteFileRows().execute(graph.graph(), table.table(), FileId.of(fileId));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "file_deleted");
            fields.put("graph", graph.graph().value());
            fields.put("table", table.table().value());
            fields.put("file_id", fileId);
            fields.put("rows_deleted", deleted);
            common.outcomes().print(fields, String.format(Locale.ROOT, "Deleted %,d rows of file %s from %s/%s", deleted,
                    fileId, graph.graph(), table.table()));
            return ExitCodes.DONE;
        });
    }
}
