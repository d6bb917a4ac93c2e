package io.graphstaging.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code graph-staging}: the command line's root; each command is a subcommand. */
@Command(name = "graph-staging", mixinStandardHelpOptions = true, versionProvider = GraphStagingCommand.Version.class,
        description = {"Stages Parquet data from S3 in per-graph DuckDB databases and loads it into LadybugDB graph "
                + "databases, on the same core and configuration (environment variables) as the server.",
            "A data directory a running server holds is refused: point DUCKDB_STAGING_DIR and LBUG_DATABASE_DIR "
                + "(and STAGING_REGISTRY_DATA_DIR, or an external registry) elsewhere."},
        subcommands = {StageCommand.class, AppendCommand.class, DeleteFileCommand.class, RefreshCommand.class,
            TablesCommand.class, QueryCommand.class, CypherCommand.class, MaterializeCommand.class, GraphCommand.class, LoadCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0    done",
            "  1    usage or input error",
            "  2    bad configuration, or data directories in use",
            "  3    done, with rows the graph rejected",
            "  4    a dependency failed (S3, registry)",
            "  5    the platform failed or hit a limit",
            "  130  interrupted (Ctrl-C): the tables and graph stay as they were",
            "", "Example:", "  graph-staging load demo.yaml && graph-staging graph status --graph demo"})
public final class GraphStagingCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Name a command");
    }

    /** The version the jar was built as. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GraphStagingCommand.class.getPackage().getImplementationVersion();
            return new String[] {"graph-staging " + (version == null ? "(development build)" : version)};
        }
    }
}
