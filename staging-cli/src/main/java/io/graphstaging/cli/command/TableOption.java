package io.graphstaging.cli.command;

import io.graphstaging.core.model.TableName;
import picocli.CommandLine.Option;

/** {@code --table}: the staging table a command works on. */
public final class TableOption {
    @Option(names = {"-t", "--table"}, required = true, paramLabel = "TABLE", description = "The staging table's name.")
    String table;

    TableName table() {
        return TableName.of(table);
    }
}
