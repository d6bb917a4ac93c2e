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

/** ListRegistryFiles: a table's files, oldest first. */
class ListRegistryFilesTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName T = TableName.of("entities");

    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();

    private NewRegistryFile newFile(String name, UploadStatus status) {
        return new NewRegistryFile(G, T, ObjectUri.parse("s3://bucket/" + name), name, 5, status);
    }

    @Test
    void listsFilesOldestFirst() {
        registry.registerTable(G, T, TableKind.NODE);
        RegistryFile a = registry.registerFile(newFile("a.parquet", UploadStatus.COMPLETED));
        RegistryFile b = registry.registerFile(newFile("b.parquet", UploadStatus.PENDING));

        assertThat(new ListRegistryFiles(registry).execute(G, T)).containsExactly(a, b);
    }

    @Test
    void filesOfAnUnregisteredTableAreNotFound() {
        assertThatThrownBy(() -> new ListRegistryFiles(registry).execute(G, T))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.REGISTRY_TABLE_NOT_FOUND));
    }
}
