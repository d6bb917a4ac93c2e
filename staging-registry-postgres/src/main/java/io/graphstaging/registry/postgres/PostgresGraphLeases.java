package io.graphstaging.registry.postgres;

import io.graphstaging.core.cluster.GraphLease;
import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.cluster.NodeId;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link GraphLeases} in the registry's {@code graph_leases} table. A take is one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE}: PostgreSQL locks the graph's row for it, so
 * of two nodes taking one graph exactly one writes the row, and the other finds it taken. Every
 * time is the database's {@code now()}. A row is never deleted: a released lease is expired, and
 * {@code previous_owner} says who held the graph before its owner (a takeover when set).
 */
public final class PostgresGraphLeases implements GraphLeases {
    private static final String LEASE_END = "now() + :termMs * interval '1 millisecond'";
    /** Taken over: the owner took it in this statement's transaction from another node. */
    private static final String COLUMNS = "graph_id, owner, expires_at, "
            + "taken_at = now() AND previous_owner IS NOT NULL AS taken_over";
    private static final RowMapper<GraphLease> ROW = (rs, ctx) -> new GraphLease(GraphId.of(rs.getString("graph_id")),
            NodeId.of(rs.getString("owner")), rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
            rs.getBoolean("taken_over"));

    private final RegistryDatabase database;

    public PostgresGraphLeases(RegistryDatabase database) {
        this.database = database;
    }

    @Override
    public GraphLease take(GraphId graph, NodeId owner, Duration term) {
        return database.inTransaction("taking the write lease of graph " + graph, h -> {
            Optional<GraphLease> taken = h.createQuery("INSERT INTO graph_leases (graph_id, owner, expires_at, taken_at) "
                            + "VALUES (:graph, :owner, " + LEASE_END + ", now()) ON CONFLICT (graph_id) DO UPDATE SET "
                            + "owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, taken_at = CASE "
                            + "WHEN graph_leases.owner = EXCLUDED.owner THEN graph_leases.taken_at ELSE now() END, "
                            + "previous_owner = CASE WHEN graph_leases.owner = EXCLUDED.owner "
                            + "THEN graph_leases.previous_owner ELSE graph_leases.owner END "
                            + "WHERE graph_leases.owner = EXCLUDED.owner OR graph_leases.expires_at <= now() "
                            + "RETURNING " + COLUMNS)
                    .bind("graph", graph.value()).bind("owner", owner.value()).bind("termMs", term.toMillis())
                    .map(ROW).findOne();
            if (taken.isPresent()) {
                return taken.get();
            }
            GraphLease holder = h.createQuery("SELECT " + COLUMNS + " FROM graph_leases WHERE graph_id = :graph")
                    .bind("graph", graph.value()).map(ROW).one();
            throw ownedElsewhere(holder);
        });
    }

    @Override
    public List<GraphLease> renew(NodeId owner, Collection<GraphId> graphs, Duration term) {
        List<String> ids = graphs.stream().map(GraphId::value).sorted().toList();
        return database.inTransaction("renewing the graph leases of node " + owner, h -> h.createQuery(
                        "UPDATE graph_leases SET expires_at = " + LEASE_END
                                + " WHERE owner = :owner AND graph_id = ANY(:graphs) RETURNING " + COLUMNS)
                .bind("owner", owner.value()).bindArray("graphs", String.class, ids).bind("termMs", term.toMillis())
                .map(ROW).list());
    }

    @Override
    public void release(GraphId graph, NodeId owner) {
        // The row stays, expired: the next owner learns that this node held the graph.
        database.inTransaction("releasing the write lease of graph " + graph, h -> h.createUpdate(
                        "UPDATE graph_leases SET expires_at = least(expires_at, now()) "
                                + "WHERE graph_id = :graph AND owner = :owner")
                .bind("graph", graph.value()).bind("owner", owner.value()).execute());
    }

    @Override
    public Optional<GraphLease> find(GraphId graph) {
        return database.inTransaction("reading the write lease of graph " + graph, h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM graph_leases WHERE graph_id = :graph")
                .bind("graph", graph.value()).map(ROW).findOne());
    }

    private static StagingException ownedElsewhere(GraphLease holder) {
        Instant until = holder.expiresAt();
        return new StagingException(ErrorCode.GRAPH_OWNED_ELSEWHERE, "Graph " + holder.graph() + " is written by node "
                + holder.owner() + " until " + until + "; send the request to that node");
    }
}
