package io.graphstaging.http.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.http.api.TaskResponse;
import io.graphstaging.http.error.ErrorBody;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/** Tasks as the routes show them, and answers as tasks keep them (JSON text). */
public final class TaskViews {
    private final ObjectMapper json;

    @Inject
    public TaskViews(ObjectMapper json) {
        this.json = json;
    }

    public TaskResponse view(Task task) {
        TaskResponse.Progress progress = task.progress().map(TaskViews::progress).orElse(null);
        return new TaskResponse(task.id().value(), task.type().wireName(), task.graph().value(),
                task.table().map(t -> t.value()).orElse(null), task.status().wireName(), time(Optional.of(task.createdAt())),
                time(task.startedAt()), time(task.completedAt()), task.progressPercent(), progress,
                task.result().map(this::parse).orElse(null),
                task.error().map(e -> new ErrorBody(e.detail(), e.code().code())).orElse(null), task.cancelRequested());
    }

    /** A request or an answer as the JSON text a task keeps. */
    public String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StagingException(ErrorCode.INTERNAL, "Could not write " + value.getClass().getSimpleName(), e);
        }
    }

    private static TaskResponse.Progress progress(TaskProgress p) {
        return new TaskResponse.Progress(p.phase(), p.done(), p.total().isPresent() ? p.total().getAsLong() : null,
                p.unit().wireName());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StagingException(ErrorCode.INTERNAL, "A task's stored result is not JSON", e);
        }
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
