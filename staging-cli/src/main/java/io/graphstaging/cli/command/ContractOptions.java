package io.graphstaging.cli.command;

import io.graphstaging.core.model.SchemaContract;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --columns} and {@code --rows}: the table's schema contract (see docs/http-api.md, "Schema contracts"). */
public final class ContractOptions {
    @Option(names = "--columns", paramLabel = "freeze|evolve",
            description = "What a file with new columns or other types does: freeze (refused) or evolve (added, widened).")
    String columns;

    @Option(names = "--rows", paramLabel = "reject_file|quarantine",
            description = "What rows that cannot be staged do: reject_file (the whole file is refused) or quarantine.")
    String rows;

    /** The contract the options give, a missing one at its default; empty when neither was given. */
    Optional<SchemaContract> contract() {
        if (columns == null && rows == null) {
            return Optional.empty();
        }
        return Optional.of(SchemaContract.DEFAULT.with(Optional.ofNullable(columns), Optional.ofNullable(rows)));
    }
}
