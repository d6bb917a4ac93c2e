package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import jakarta.inject.Inject;
import java.util.List;

/** Every file of a registered table with its statuses, oldest first. */
public final class ListRegistryFiles {
    private final FileRegistry registry;

    @Inject
    public ListRegistryFiles(FileRegistry registry) {
        this.registry = registry;
    }

    /** @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND} */
    public List<RegistryFile> execute(GraphId graph, TableName table) {
        return registry.listFiles(graph, table);
    }
}
