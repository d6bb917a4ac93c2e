package io.graphstaging.http.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.GraphId;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.Test;

/** Which requests the cluster's handlers take for a graph: the lease's writes and the restore's reads. */
class GraphPathTest {
    private static final GraphId G = GraphId.of("g1");

    @Test
    void writesClaimTheirGraphButQueriesRegistryRoutesAndReadsDoNot() {
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/databases/g1/tables")).contains(G);
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.DELETE, "/databases/g1")).contains(G);
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/databases/g1/query")).isEmpty();
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/databases/g1/tables/t/query")).isEmpty();
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/databases/g1/registry/files")).isEmpty();
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.GET, "/databases/g1/tables")).isEmpty();
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/tasks")).isEmpty();
        assertThat(GraphWriteClaims.writtenGraph(HandlerType.POST, "/databases/..%2Fetc/tables")).isEmpty();
    }

    @Test
    void everyRequestOnAGraphIsRestoredFirstExceptItsRemoval() {
        assertThat(SnapshotRestores.graphOf(HandlerType.GET, "/databases/g1/tables")).contains(G);
        assertThat(SnapshotRestores.graphOf(HandlerType.GET, "/databases/g1")).contains(G);
        assertThat(SnapshotRestores.graphOf(HandlerType.DELETE, "/databases/g1/tables/t")).contains(G);
        assertThat(SnapshotRestores.graphOf(HandlerType.DELETE, "/databases/g1")).isEmpty();
        assertThat(SnapshotRestores.graphOf(HandlerType.GET, "/health")).isEmpty();
    }
}
