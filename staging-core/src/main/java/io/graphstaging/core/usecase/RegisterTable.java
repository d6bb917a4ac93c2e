package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.FileRegistry;
import jakarta.inject.Inject;

/** Registers a table with the file registry; idempotent. */
public final class RegisterTable {
    private final FileRegistry registry;

    @Inject
    public RegisterTable(FileRegistry registry) {
        this.registry = registry;
    }

    /** The registration, and whether this call created it (201) or it existed (200). */
    public FileRegistry.Registration execute(GraphId graph, TableName table, TableKind type) {
        return registry.registerTable(graph, table, type);
    }
}
