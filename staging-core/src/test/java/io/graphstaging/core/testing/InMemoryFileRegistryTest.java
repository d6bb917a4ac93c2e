package io.graphstaging.core.testing;

import io.graphstaging.core.port.FileRegistry;

class InMemoryFileRegistryTest extends FileRegistryContract {
    private final InMemoryFileRegistry registry = new InMemoryFileRegistry();

    @Override
    protected FileRegistry registry() {
        return registry;
    }
}
