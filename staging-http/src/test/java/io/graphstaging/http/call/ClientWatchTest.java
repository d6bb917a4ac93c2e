package io.graphstaging.http.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch on real Jetty connections, probing every millisecond: it notices a client that left,
 * and never takes a byte of the next request a keep-alive client sends once its answer came (a
 * probe racing the end of a call did, now and then: a request then arrived as "OST /work").
 */
class ClientWatchTest {
    private final ClientWatch watch = new ClientWatch(Duration.ofMillis(1));
    private final CountDownLatch gone = new CountDownLatch(1);
    private final CountDownLatch hold = new CountDownLatch(1);
    private Javalin app;

    @BeforeEach
    void start() {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false)
                .post("/work", ctx -> {
                    ClientWatch.Registration registration = watch.watch(ctx.req(), gone::countDown);
                    boolean holds = "hold".equals(ctx.body());
                    // As QueryCalls does: the watch ends with the call, before the answer is written.
                    ctx.future(() -> CompletableFuture.runAsync(() -> {
                        if (holds) {
                            await(hold);
                        }
                    }).whenComplete((done, failure) -> registration.close()).thenRun(() -> ctx.result("done")));
                })
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        hold.countDown();
        app.stop();
        watch.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKeepAliveClientsNextRequestIsNeverReadByTheWatch() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/work"))
                .POST(HttpRequest.BodyPublishers.ofString("quick")).build();
        // Eight keep-alive clients back to back: each sends its next request the moment its answer is in.
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 300; i++) {
                    HttpResponse<String> answer = send(http, request);
                    assertThat(answer.statusCode()).as("request %d: %s", i, answer.body()).isEqualTo(200);
                    assertThat(answer.body()).isEqualTo("done");
                }
            }, Executors.newSingleThreadExecutor()));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(gone.getCount()).as("no client was taken for gone").isEqualTo(1);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClientThatClosesItsConnectionIsNoticed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /work HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\nhold").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
            assertThat(gone.getCount()).as("still there").isEqualTo(1);
        }

        assertThat(gone.await(10, TimeUnit.SECONDS)).as("noticed after the connection closed").isTrue();
    }
}
