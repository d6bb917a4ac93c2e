package io.graphstaging.core.usecase;

import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.port.FileRegistry;
import jakarta.inject.Inject;

/** Registers a file of a registered table; the result carries its new {@code gf_...} id. */
public final class RegisterFile {
    private final FileRegistry registry;

    @Inject
    public RegisterFile(FileRegistry registry) {
        this.registry = registry;
    }

    /** @throws io.graphstaging.core.error.StagingException {@code REGISTRY_TABLE_NOT_FOUND} */
    public RegistryFile execute(NewRegistryFile file) {
        return registry.registerFile(file);
    }
}
