package io.graphstaging.http.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.error.ErrorCategory;
import io.graphstaging.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorStatusesTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeHasAStatusThatFitsItsCategory(ErrorCode code) {
        int status = ErrorStatuses.status(code);
        switch (code.category()) {
            case USER -> assertThat(status).isIn(400, 405, 413, 422);
            case NOT_FOUND -> assertThat(status).isEqualTo(404);
            case FORBIDDEN -> assertThat(status).isIn(401, 403, 429);
            case CONFLICT -> assertThat(status).isEqualTo(409);
            case EXTERNAL -> assertThat(status).isEqualTo(502);
            case UNAVAILABLE -> assertThat(status).isIn(429, 503, 504, 507);
            case INTERNAL -> assertThat(status).isEqualTo(500);
        }
    }

    @Test
    void statusesOfTheContract() {
        assertThat(ErrorStatuses.status(ErrorCode.INVALID_TABLE_NAME)).isEqualTo(400);
        assertThat(ErrorStatuses.status(ErrorCode.NO_FILE_ID_COLUMN)).isEqualTo(400);
        assertThat(ErrorStatuses.status(ErrorCode.UNAUTHORIZED)).isEqualTo(401);
        assertThat(ErrorStatuses.status(ErrorCode.QUERY_FORBIDDEN)).isEqualTo(403);
        assertThat(ErrorStatuses.status(ErrorCode.OBJECT_NOT_FOUND)).isEqualTo(404);
        assertThat(ErrorStatuses.status(ErrorCode.TABLE_BUSY)).isEqualTo(409);
        assertThat(ErrorStatuses.status(ErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo(413);
        assertThat(ErrorStatuses.status(ErrorCode.SCHEMA_MISMATCH)).isEqualTo(422);
        assertThat(ErrorStatuses.status(ErrorCode.UNREADABLE_FILE)).isEqualTo(422);
        assertThat(ErrorStatuses.status(ErrorCode.TOO_MANY_AUTH_FAILURES)).isEqualTo(429);
        assertThat(ErrorStatuses.status(ErrorCode.REGISTRY_FAILED)).isEqualTo(502);
        assertThat(ErrorStatuses.status(ErrorCode.RESULT_TOO_LARGE)).isEqualTo(400);
        assertThat(ErrorStatuses.status(ErrorCode.METHOD_NOT_ALLOWED)).isEqualTo(405);
        assertThat(ErrorStatuses.status(ErrorCode.TOO_MANY_WAITING_CALLS)).isEqualTo(503);
        assertThat(ErrorStatuses.status(ErrorCode.QUERY_TIMEOUT)).isEqualTo(504);
        assertThat(ErrorStatuses.status(ErrorCode.STORAGE_FULL)).isEqualTo(507);
        assertThat(ErrorStatuses.status(ErrorCode.SHUTTING_DOWN)).isEqualTo(503);
        assertThat(ErrorStatuses.status(ErrorCode.TASK_NOT_FOUND)).isEqualTo(404);
        assertThat(ErrorStatuses.status(ErrorCode.TASK_QUEUE_FULL)).isEqualTo(429);
        assertThat(ErrorStatuses.status(ErrorCode.INTERNAL)).isEqualTo(500);
        assertThat(ErrorCategory.values()).hasSize(7);
    }
}
