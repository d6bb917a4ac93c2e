package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.WireName;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskError;
import io.graphstaging.core.task.TaskId;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps {@code tasks} rows to core tasks. A stored value the core rejects (an error code this
 * build does not know, say) is a registry failure naming the row.
 */
final class TaskRows {
    static final String COLUMNS = "task_id, task_type, graph_id, table_name, status, request, result, error_code, "
            + "error_detail, progress_phase, progress_done, progress_total, progress_unit, owner, lease_expires_at, "
            + "cancel_requested, created_at, started_at, completed_at";

    private TaskRows() {
    }

    static Task task(ResultSet rs) throws SQLException {
        String id = rs.getString("task_id");
        try {
            return new Task(TaskId.of(id), WireName.parse(TaskType.class, rs.getString("task_type"), "task_type"),
                    GraphId.of(rs.getString("graph_id")), Optional.ofNullable(rs.getString("table_name")).map(TableName::of),
                    WireName.parse(TaskStatus.class, rs.getString("status"), "status"), RegistryRows.instant(rs, "created_at").orElseThrow(),
                    RegistryRows.instant(rs, "started_at"), RegistryRows.instant(rs, "completed_at"), progress(rs),
                    rs.getString("request"), Optional.ofNullable(rs.getString("result")), error(rs),
                    TaskOwner.of(rs.getString("owner")), RegistryRows.instant(rs, "lease_expires_at").orElseThrow(),
                    rs.getBoolean("cancel_requested"));
        } catch (StagingException | IllegalArgumentException e) {
            throw RegistryRows.invalidRow("tasks", id, e);
        }
    }

    private static Optional<TaskProgress> progress(ResultSet rs) throws SQLException {
        String phase = rs.getString("progress_phase");
        if (phase == null) {
            return Optional.empty();
        }
        OptionalLong total = RegistryRows.optionalLong(rs, "progress_total").map(OptionalLong::of).orElse(OptionalLong.empty());
        return Optional.of(new TaskProgress(phase, rs.getLong("progress_done"), total,
                WireName.parse(ProgressUnit.class, rs.getString("progress_unit"), "progress_unit")));
    }

    private static Optional<TaskError> error(ResultSet rs) throws SQLException {
        String code = rs.getString("error_code");
        if (code == null) {
            return Optional.empty();
        }
        return Optional.of(new TaskError(ErrorCode.valueOf(code.toUpperCase(Locale.ROOT)), rs.getString("error_detail")));
    }
}
