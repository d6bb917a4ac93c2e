package io.graphstaging.cli;

import io.graphstaging.cli.command.CliEnvironment;
import io.graphstaging.cli.command.CommandFactory;
import io.graphstaging.cli.command.GraphStagingCommand;
import io.graphstaging.cli.run.ExitCodes;
import io.graphstaging.core.config.Settings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** The {@code graph-staging} command line. */
public final class Main {
    /** The logging configuration reads this before the first logger exists (see logback.xml). */
    static final String LOG_LEVEL_PROPERTY = "graph-staging.log.level";

    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose")) {
            System.setProperty(LOG_LEVEL_PROPERTY, "INFO");
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        CliEnvironment environment = new CliEnvironment(Settings.fromEnvironment(), System.console() != null,
                Clock.systemUTC(), System.err);
        CommandLine commandLine = new CommandLine(new GraphStagingCommand(), new CommandFactory(environment))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(System.out, true))
                .setErr(new PrintWriter(System.err, true));
        withHelp(commandLine);
        commandLine.setUsageHelpWidth(110);
        commandLine.setParameterExceptionHandler((e, parsed) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("graph-staging: " + e.getMessage());
            command.getErr().println("See 'graph-staging " + path(command) + "--help'.");
            return ExitCodes.USAGE_OR_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("graph-staging: " + ExitCodes.message(e));
            return ExitCodes.of(e);
        });
        return commandLine.execute(args);
    }

    /** --help (and --version) on every command, not only the root. */
    private static void withHelp(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        command.getSubcommands().values().forEach(Main::withHelp);
    }

    private static String path(CommandLine command) {
        List<String> names = new java.util.ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return names.isEmpty() ? "" : String.join(" ", names) + " ";
    }
}
