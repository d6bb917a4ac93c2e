package io.graphstaging.http.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.cluster.NodeId;
import io.graphstaging.http.auth.ClientAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CreateDatabaseForwardingTest {
    private final CreateDatabaseForwarding forwarding = new CreateDatabaseForwarding(Optional.of(new ClusterConfig(
            Optional.of(NodeId.of("n1")), Duration.ofSeconds(30), Duration.ofMinutes(5), Set.of(),
            Optional.of(URI.create("http://127.0.0.1:8001")))), new ClientAddress(Optional.empty()));

    @Test
    void aCustomSchemaBodyBecomesTheSchemaRoutesBodyForItsGraph() {
        Optional<CreateDatabaseForwarding.Forwarded> forwarded = forwarding.asSchemaRequest(
                "{\"graph_id\": \"g-1\", \"schema_type\": \"custom\", \"custom_schema_ddl\": \"CREATE NODE TABLE A(id STRING, PRIMARY KEY(id))\"}");
        assertThat(forwarded).isPresent();
        assertThat(forwarded.get().graph().value()).isEqualTo("g-1");
        assertThat(forwarded.get().body())
                .isEqualTo("{\"type\":\"ddl\",\"ddl\":\"CREATE NODE TABLE A(id STRING, PRIMARY KEY(id))\"}");
    }

    @Test
    void bodiesTheRouteMustRefuseAreNotForwarded() {
        assertThat(forwarding.asSchemaRequest("{\"graph_id\": \"../x\", \"schema_type\": \"custom\", \"custom_schema_ddl\": \"X\"}")).isEmpty();
        assertThat(forwarding.asSchemaRequest("{\"graph_id\": \"g\", \"schema_type\": \"other\", \"custom_schema_ddl\": \"X\"}")).isEmpty();
        assertThat(forwarding.asSchemaRequest("{\"graph_id\": \"g\", \"schema_type\": \"custom\"}")).isEmpty();
        assertThat(forwarding.asSchemaRequest("{\"graph_id\": \"g\", \"schema_type\": \"custom\", \"custom_schema_ddl\": \"X\", \"extra\": 1}")).isEmpty();
        assertThat(forwarding.asSchemaRequest("not json")).isEmpty();
    }
}
