-- A take tells a takeover (another node held the graph: this node's files may be stale) from a
-- graph's first lease: previous_owner is the node that held the graph before the current owner
-- (NULL: nobody). A released lease keeps its row, expired, so that the next owner still learns
-- who held the graph last.
ALTER TABLE graph_leases ADD COLUMN previous_owner text;
