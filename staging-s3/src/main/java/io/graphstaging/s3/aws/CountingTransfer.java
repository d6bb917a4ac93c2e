package io.graphstaging.s3.aws;

import io.graphstaging.core.model.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.core.sync.ResponseTransformer;

/**
 * Writes a GET's body to a file, telling {@code received} of each chunk and stopping when
 * cancelled: a cancel aborts the connection, so a download blocked on the network stops at once.
 * Each attempt starts the file afresh (the SDK retries a broken transfer) and takes back the bytes
 * the failed attempt had counted.
 */
final class CountingTransfer implements ResponseTransformer<GetObjectResponse, GetObjectResponse> {
    private static final int CHUNK = 64 * 1024;

    private final Path target;
    private final Cancellation cancellation;
    private final LongConsumer received;

    CountingTransfer(Path target, Cancellation cancellation, LongConsumer received) {
        this.target = target;
        this.cancellation = cancellation;
        this.received = received;
    }

    @Override
    public GetObjectResponse transform(GetObjectResponse response, AbortableInputStream body) throws IOException {
        cancellation.throwIfCancelled();
        long counted = 0;
        boolean whole = false;
        try (Cancellation.Registration abort = cancellation.onCancel(body::abort);
             InputStream in = body;
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                counted += n;
                received.accept(n);
            }
            whole = true;
        } finally {
            if (!whole) {
                received.accept(-counted);
            }
        }
        cancellation.throwIfCancelled();
        return response;
    }
}
