package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import org.junit.jupiter.api.Test;

class StatusWireNamesTest {

    @Test
    void statusesParseFromTheirWireNamesOnly() {
        assertThat(UploadStatus.fromWire("completed")).isEqualTo(UploadStatus.COMPLETED);
        assertThat(GraphStatus.fromWire("ingested")).isEqualTo(GraphStatus.INGESTED);
        assertThatThrownBy(() -> UploadStatus.fromWire("COMPLETED"))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("pending", "uploading", "completed", "failed");
                });
    }
}
