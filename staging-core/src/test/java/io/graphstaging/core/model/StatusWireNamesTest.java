package io.graphstaging.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import org.junit.jupiter.api.Test;

class StatusWireNamesTest {

    @Test
    void enumsParseFromTheirWireNamesOnly() {
        assertThat(WireName.parse(UploadStatus.class, "completed", "upload_status")).isEqualTo(UploadStatus.COMPLETED);
        assertThat(WireName.parse(GraphStatus.class, "ingested", "graph_status")).isEqualTo(GraphStatus.INGESTED);
        assertThat(WireName.parse(StagingStatus.class, "staged", "duckdb_status")).isEqualTo(StagingStatus.STAGED);
        assertThat(WireName.parse(TableKind.class, "relationship", "table_type")).isEqualTo(TableKind.RELATIONSHIP);
        assertThat(GraphTableKind.NODE.wireName()).isEqualTo("node");
        assertThatThrownBy(() -> WireName.parse(UploadStatus.class, "COMPLETED", "upload_status"))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("upload_status", "'COMPLETED'", "pending", "uploading", "completed",
                            "failed");
                });
    }
}
