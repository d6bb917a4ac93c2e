package io.graphstaging.cli.command;

import io.graphstaging.core.model.SqlQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code query}: read-only SQL on a graph's staging tables, streamed to standard output. */
@Command(name = "query", description = "Run read-only SQL on a graph's staging tables (the server's sandbox and "
        + "limits); values are bound to ?, never spliced into the SQL.",
        footerHeading = "%nExample:%n",
        footer = "  graph-staging query --graph demo --sql 'SELECT identifier, name FROM person WHERE age > ?' --param 30 --format csv")
final class QueryCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin CommonOptions common;

    @Option(names = "--sql", required = true, paramLabel = "SQL", description = "One SELECT (or WITH ... SELECT).")
    String sql;

    @Option(names = "--param", paramLabel = "VALUE", description = "A value for the next ?, as JSON when it parses "
            + "(30, 2.5, true, null, \"text\"), else as text; repeat in order.")
    List<String> parameters = new ArrayList<>();

    @Mixin QueryOutputOptions output;

    QueryCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        SqlQuery query = new SqlQuery(sql, parameters.stream().map(QueryCommand::value).toList());
        return output.print(environment, common, graph.graph(), (staging, chunkSize, cancellation, rows) ->
                staging.runQuery().stream(graph.graph(), query, chunkSize, cancellation, rows));
    }

    /** A parameter as JSON when it is JSON (a number, a boolean, null, a quoted text), else as text. */
    static Object value(String text) {
        Object parsed = JsonOrText.value(text);
        return parsed instanceof String || parsed instanceof Number || parsed instanceof Boolean || parsed == null
                ? parsed : text;
    }
}
