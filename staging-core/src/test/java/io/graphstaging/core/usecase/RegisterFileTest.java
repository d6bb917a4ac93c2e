package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import org.junit.jupiter.api.Test;

/** RegisterFile: a file of a registered table gets a gf_ id. */
class RegisterFileTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName T = TableName.of("entities");

    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();

    private NewRegistryFile newFile(String name, UploadStatus status) {
        return new NewRegistryFile(G, T, ObjectUri.parse("s3://bucket/" + name), name, 5, status);
    }

    @Test
    void registersAFileOfARegisteredTable() {
        registry.registerTable(G, T, TableKind.NODE);

        RegistryFile file = new RegisterFile(registry).execute(newFile("a.parquet", UploadStatus.COMPLETED));

        assertThat(file.id().value()).startsWith("gf_");
        assertThat(registry.listFiles(G, T)).containsExactly(file);
    }

    @Test
    void aFileOfAnUnregisteredTableIsNotFound() {
        assertThatThrownBy(() -> new RegisterFile(registry).execute(newFile("a.parquet", UploadStatus.COMPLETED)))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
    }

    @Test
    void statusesParseFromTheirWireNamesOnly() {
        assertThat(UploadStatus.fromWire("completed")).isEqualTo(UploadStatus.COMPLETED);
        assertThatThrownBy(() -> UploadStatus.fromWire("COMPLETED"))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
                    assertThat(e.getMessage()).contains("pending", "uploading", "completed", "failed");
                });
    }
}
