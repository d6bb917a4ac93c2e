-- One writer per graph across the nodes sharing this registry: the node named in owner may write
-- the graph until expires_at (the database's clock, one clock for every node). taken_at is when
-- this owner took it (kept while it renews), so a take can tell a renewal from a takeover.
CREATE TABLE graph_leases (
    graph_id   text        PRIMARY KEY,
    owner      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    taken_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX graph_leases_by_owner ON graph_leases (owner);
