package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.model.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A cancel given from another thread after a delay, as a task's cancel reaches running work. */
public final class DelayedCancel {
    private DelayedCancel() {}

    /** A cancellation that cancels itself ({@code CANCELLED}, {@code reason}) after {@code delayMs}. */
    public static Cancellation after(long delayMs, String reason) {
        Cancellation cancellation = new Cancellation();
        CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS)
                .execute(() -> cancellation.cancel(ErrorCode.CANCELLED, reason));
        return cancellation;
    }
}
