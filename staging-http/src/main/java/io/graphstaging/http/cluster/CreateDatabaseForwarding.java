package io.graphstaging.http.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.http.auth.ClientAddress;
import io.graphstaging.http.route.RouteGroup;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /databases} names its graph in the body, so the proxy's hash of the path cannot send
 * it to the graph's node. In a cluster with {@code STAGING_PROXY_URL} set, whichever node receives
 * it sends it on through the proxy as what it is, {@code POST /databases/{graph_id}/schema} with
 * the same DDL (both routes apply a graph's DDL the same way), and hands back that answer: the
 * proxy's hash of that path reaches the graph's node, which takes the graph's lease there. A body
 * that is not a valid custom-schema request is left to the route, which names what is wrong.
 */
public final class CreateDatabaseForwarding implements RouteGroup {
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> PASSED_ON = List.of("X-Graph-API-Key", "Authorization", "X-Request-Id");

    private final Optional<URI> proxy;
    private final ClientAddress clients;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    public CreateDatabaseForwarding(Optional<ClusterConfig> cluster, ClientAddress clients) {
        this.proxy = cluster.filter(ClusterConfig::clustered).flatMap(ClusterConfig::proxyUrl);
        this.clients = clients;
    }

    @Override
    public void addTo(Javalin app) {
        if (proxy.isPresent()) {
            app.before("/databases", this::forward);
        }
    }

    private void forward(Context ctx) throws InterruptedException {
        if (ctx.method() != HandlerType.POST) {
            return;
        }
        Optional<Forwarded> forwarded = asSchemaRequest(ctx.body());
        if (forwarded.isEmpty()) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(proxy.get() + "/databases/" + forwarded.get().graph().value() + "/schema"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                // The client as this node sees it; the proxy appends this node's own address after it, so
                // the owner must trust the nodes' addresses too (STAGING_TRUSTED_PROXIES) to read past it.
                .header("X-Forwarded-For", clients.of(ctx.req()))
                .POST(HttpRequest.BodyPublishers.ofString(forwarded.get().body()));
        for (String header : PASSED_ON) {
            String value = ctx.header(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StagingException(ErrorCode.FORWARD_FAILED, "Creating graph " + forwarded.get().graph()
                    + " on its node through the proxy failed: " + e.getMessage(), e);
        }
        ctx.status(answer.statusCode())
                .contentType(answer.headers().firstValue("Content-Type").orElse("application/json"))
                .result(answer.body());
        ctx.skipRemainingHandlers();
    }

    /** The schema route's body for a valid {@code POST /databases} body, or empty (the route then answers). */
    Optional<Forwarded> asSchemaRequest(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject() || !node.path("graph_id").isTextual()
                    || !"custom".equals(node.path("schema_type").asText(null))
                    || !node.path("custom_schema_ddl").isTextual() || node.size() != 3) {
                return Optional.empty();
            }
            GraphId graph = GraphId.of(node.get("graph_id").asText());
            ObjectNode schema = json.createObjectNode().put("type", "ddl").put("ddl", node.get("custom_schema_ddl").asText());
            return Optional.of(new Forwarded(graph, json.writeValueAsString(schema)));
        } catch (IOException | StagingException e) {
            return Optional.empty();
        }
    }

    record Forwarded(GraphId graph, String body) {}
}
