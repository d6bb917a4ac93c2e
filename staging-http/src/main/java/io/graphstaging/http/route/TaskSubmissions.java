package io.graphstaging.http.route;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskRunner;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs a route's work either as the synchronous call it always was or, when the request asks
 * ({@code Prefer: respond-async} or {@code ?async=true}), as a task: 202 with the task and
 * {@code Location: /tasks/{id}}. Both queue on the same table queue, so they run in arrival order.
 */
public final class TaskSubmissions {
    private final TaskRunner runner;
    private final TaskViews views;

    /** A use case's cancellable submit, started when the task is. */
    @FunctionalInterface
    public interface Start<R> {
        CompletableFuture<R> start(Cancellation cancellation, ProgressListener progress);
    }

    @Inject
    public TaskSubmissions(TaskRunner runner, TaskViews views) {
        this.runner = runner;
        this.views = views;
    }

    /** A request as the JSON text its task keeps. */
    String request(Object body) {
        return views.text(body);
    }

    /** Whether the request asks to run as a task. */
    static boolean wantsTask(Context ctx) {
        if (RequestParts.booleanQueryParam(ctx, "async").orElse(false)) {
            return true;
        }
        String prefer = ctx.header("Prefer");
        return prefer != null && Arrays.stream(prefer.split(","))
                .map(p -> p.trim().toLowerCase(Locale.ROOT))
                .anyMatch(p -> p.equals("respond-async") || p.startsWith("respond-async;"));
    }

    /**
     * Answers as a task when the request asks for one, else runs {@code sync} as before.
     *
     * @param task   the task to record (with the request as JSON text, {@link TaskViews#text})
     * @param start  the work, started with the task's cancellation and progress
     * @param answer the synchronous answer made of the work's result: the task's {@code result}
     */
    <R> void answer(Context ctx, NewTask task, Start<R> start, Function<R, Object> answer, Runnable sync) {
        if (!wantsTask(ctx)) {
            sync.run();
            return;
        }
        Task created = runner.submit(task, (cancellation, progress) ->
                start.start(cancellation, progress).thenApply(result -> views.text(answer.apply(result))));
        ctx.status(202).header("Location", "/tasks/" + created.id().value()).json(views.view(created));
    }
}
