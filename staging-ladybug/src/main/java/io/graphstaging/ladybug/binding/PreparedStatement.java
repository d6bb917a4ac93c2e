package io.graphstaging.ladybug.binding;

import java.util.Map;

/** A prepared Cypher statement with {@code $name} parameters; a closed one refuses use. */
public final class PreparedStatement implements AutoCloseable {
    private final Connection connection;
    private final String cypher;
    private final ChildHandle handle;

    PreparedStatement(Connection connection, String cypher, long handle) {
        this.connection = connection;
        this.cypher = cypher;
        this.handle = new ChildHandle(connection, "Prepared statement", handle, LbugNative::closePrepared);
    }

    String cypher() {
        return cypher;
    }

    /**
     * Runs the statement with these parameter values; the result must be closed. Values: {@code
     * null}; Long, Integer, Short, Byte (INT64); Double, Float (DOUBLE); Boolean; String; LocalDate
     * (DATE); Instant and LocalDateTime as UTC (TIMESTAMP); OffsetDateTime (TIMESTAMP_TZ);
     * BigDecimal (DECIMAL of its own precision and scale, at most 38 digits); BigInteger (INT128);
     * byte[] (BLOB); UUID; {@link Interval}; {@link InternalId}; List (LIST of one element type);
     * Map with String keys (STRUCT). A value that would change on the way (an Instant finer than
     * microseconds, a BigInteger beyond INT128, ...) is refused with a {@link LadybugException}
     * naming the parameter.
     *
     * @throws QueryInterruptedException when {@link Connection#interrupt()} or the time limit stopped it
     */
    public QueryResult execute(Map<String, ?> parameters) {
        return connection.execute(this, parameters);
    }

    /**
     * Whether the engine judged the statement read-only when it prepared it (no updating clause,
     * no DDL, no COPY FROM, no function that writes, such as {@code nextval}).
     */
    public boolean isReadOnly() {
        synchronized (connection) {
            return LbugNative.preparedReadOnly(live());
        }
    }

    long live() {
        synchronized (connection) {
            return handle.live();
        }
    }

    @Override
    public void close() {
        handle.close(this);
    }
}
