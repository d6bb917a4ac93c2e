package io.graphstaging.s3.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Counts what an S3 client sends: GetObject calls, HTTP attempts of any request (retries
 * included), and the most GetObject calls in flight at once. Optionally runs a hook when a
 * GetObject response's headers have arrived, before its body is read.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final AtomicInteger getObjectCalls = new AtomicInteger();
    private final AtomicInteger getObjectAttempts = new AtomicInteger();
    private final AtomicInteger httpAttempts = new AtomicInteger();
    private final AtomicInteger getsInFlight = new AtomicInteger();
    private final AtomicInteger maxGetsInFlight = new AtomicInteger();
    private volatile Consumer<Integer> onGetResponseHeaders = attempt -> { };

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetObjectRequest) {
            getObjectCalls.incrementAndGet();
            maxGetsInFlight.accumulateAndGet(getsInFlight.incrementAndGet(), Math::max);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        httpAttempts.incrementAndGet();
        if (context.request() instanceof GetObjectRequest) {
            getObjectAttempts.incrementAndGet();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetObjectRequest) {
            onGetResponseHeaders.accept(getObjectAttempts.get());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetObjectRequest) {
            getsInFlight.decrementAndGet();
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetObjectRequest) {
            getsInFlight.decrementAndGet();
        }
    }

    /** Runs {@code hook} with the attempt number each time GetObject response headers arrive. */
    public void onGetResponseHeaders(Consumer<Integer> hook) {
        this.onGetResponseHeaders = hook;
    }

    public int getObjectCalls() {
        return getObjectCalls.get();
    }

    public int getObjectAttempts() {
        return getObjectAttempts.get();
    }

    public int httpAttempts() {
        return httpAttempts.get();
    }

    public int maxGetsInFlight() {
        return maxGetsInFlight.get();
    }
}
