package io.graphstaging.cli.manifest;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whole graph to load ({@code graph-staging load}), from YAML or JSON in snake_case:
 *
 * <pre>
 * graph: demo
 * ignore_errors: false        # count and skip rows the graph rejects (exit code 3) instead of failing
 * materialize: true           # false: stage only
 * tables:
 *   - table: person
 *     pattern: s3://demo/people/*.parquet
 *   - table: knows
 *     uris: [s3://demo/knows.parquet]
 *     file_ids: {s3://demo/knows.parquet: knows-1}
 *     from: person            # a relationship's endpoint node tables
 *     to: person
 * </pre>
 *
 * @param materialize  whether to copy the staged tables into the graph (default true)
 * @param ignoreErrors whether rows the graph rejects are counted and skipped (default false)
 */
public record Manifest(String graph, Boolean materialize, Boolean ignoreErrors, List<Table> tables) {
    /**
     * One staging table: where its objects are and, for a relationship, its endpoints.
     *
     * @param kind optional: {@code node}, {@code relationship} or {@code plain}, checked against what was staged
     */
    public record Table(String table, String pattern, List<String> uris, Map<String, String> fileIds, String from,
                        String to, String kind) {
        public Table {
            uris = uris == null ? List.of() : List.copyOf(uris);
            fileIds = fileIds == null ? Map.of() : Map.copyOf(fileIds);
        }
    }

    public Manifest {
        materialize = materialize == null || materialize;
        ignoreErrors = ignoreErrors != null && ignoreErrors;
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * Checks what can be checked before any work: a graph, at least one table, unique names, one
     * source per table, both endpoints or none.
     *
     * @throws StagingException {@code INVALID_REQUEST} naming the first problem
     */
    public Manifest validated() {
        if (graph == null || graph.isBlank()) {
            throw invalid("the manifest names no graph (graph: ...)");
        }
        if (tables.isEmpty()) {
            throw invalid("the manifest lists no tables (tables: [...])");
        }
        Set<String> names = new HashSet<>();
        for (Table t : tables) {
            if (t.table() == null || t.table().isBlank()) {
                throw invalid("a table of the manifest has no name (table: ...)");
            }
            if (!names.add(t.table())) {
                throw invalid("table " + t.table() + " is listed twice");
            }
            if ((t.pattern() == null) == t.uris().isEmpty()) {
                throw invalid("table " + t.table() + " needs either a pattern or a list of uris");
            }
            if ((t.from() == null) != (t.to() == null)) {
                throw invalid("table " + t.table() + " names one endpoint; a relationship needs both from and to");
            }
        }
        return this;
    }

    private static StagingException invalid(String problem) {
        return new StagingException(ErrorCode.INVALID_REQUEST, "Invalid manifest: " + problem);
    }

}
