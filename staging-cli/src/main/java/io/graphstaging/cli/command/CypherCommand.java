package io.graphstaging.cli.command;

import io.graphstaging.core.model.CypherQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cypher}: read-only Cypher on a graph's graph database, in the sandbox of the server's
 * Cypher route (the same use case: writes, DDL, COPY, CALL and the internal tables refused before
 * anything runs), streamed to standard output.
 */
@Command(name = "cypher", description = "Run one read-only Cypher query on a graph's graph database (the server's "
        + "sandbox and limits: writes, DDL, COPY, LOAD FROM, CALL and transactions are refused with "
        + "query_forbidden); values are bound to $name parameters, never spliced into the Cypher.",
        footerHeading = "%nExamples:%n",
        footer = {"  graph-staging cypher --graph demo --cypher 'MATCH (p:people) RETURN count(*) AS people'",
            "  graph-staging cypher -g demo -f ndjson --param n=5 \\",
            "      --cypher 'MATCH (a:people)-[:links]->(b:people) RETURN a.identifier, b.identifier LIMIT $n'"})
final class CypherCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Mixin GraphOption graph;
    @Mixin CommonOptions common;

    @Option(names = "--cypher", required = true, paramLabel = "CYPHER", description = "One read query (MATCH ... RETURN).")
    String cypher;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A value for $NAME, as JSON when it parses "
            + "(30, 2.5, true, null, \"text\", [1,2], {\"a\":1}), else as text; repeat for more.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Mixin QueryOutputOptions output;

    CypherCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        // Cypher takes lists and maps too: any JSON value.
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, text) -> values.put(name, JsonOrText.value(text)));
        CypherQuery query = new CypherQuery(cypher, values);
        return output.print(environment, common, graph.graph(), (staging, chunkSize, cancellation, rows) ->
                staging.runGraphQuery().stream(graph.graph(), query, chunkSize, cancellation, rows));
    }
}
