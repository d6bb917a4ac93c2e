package io.graphstaging.cli.output;

/** How a query's answer (or a list) is written to standard output. */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** RFC 4180 CSV with a header line. */
    CSV,
    /** One JSON object: {@code {"columns":[{"name","type"}...],"rows":[[...]...]}}. */
    JSON,
    /** One JSON object per row, by column name, streamed as read. */
    NDJSON
}
