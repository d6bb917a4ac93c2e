package io.graphstaging.s3;

import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.Settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import java.util.Set;
import com.google.inject.Stage;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.aws.S3ObjectStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ModuleTest {
    private static final Key<Set<AutoCloseable>> CLOSED_AT_SHUTDOWN =
            Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    @TempDir
    Path dir;

    private Injector injector(ObjectStoreConfig config) {
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                binder().disableCircularProxies();
                bind(SpoolDirectory.class).toInstance(new SpoolDirectory(dir.resolve("spool")));
                install(new S3Module(config));
            }
        });
    }

    @Test
    void withoutS3SettingsTheLocalDirectoryServes() throws Exception {
        ObjectStoreConfig config = Settings.read(Map.of(
                "STAGING_OBJECT_STORE_DIR", dir.resolve("objects").toString()), ObjectStoreConfig::from);

        Injector injector = injector(config);
        ObjectStore store = injector.getInstance(ObjectStore.class);

        assertThat(store).isInstanceOf(LocalDirectoryObjectStore.class);
        assertThat(injector.getInstance(CLOSED_AT_SHUTDOWN)).as("registered to be closed").containsExactly((AutoCloseable) store);
        assertThat(dir.resolve("objects")).isDirectory();
        ((AutoCloseable) store).close();
    }

    @Test
    void anEndpointSelectsS3() throws Exception {
        ObjectStoreConfig config = Settings.read(Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_S3_ACCESS_KEY_ID", "id", "AWS_S3_SECRET_ACCESS_KEY", "secret"), ObjectStoreConfig::from);

        Injector injector = injector(config);
        ObjectStore store = injector.getInstance(ObjectStore.class);

        assertThat(store).isInstanceOf(S3ObjectStore.class).isSameAs(injector.getInstance(ObjectStore.class));
        assertThat(injector.getInstance(CLOSED_AT_SHUTDOWN)).as("registered to be closed").containsExactly((AutoCloseable) store);
        ((AutoCloseable) store).close();
    }
}
