package io.graphstaging.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegisteredCloseablesTest {
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());

    /** Records its closing; may be told to fail. */
    final class Resource implements AutoCloseable {
        final String name;
        final boolean fails;

        Resource(String name, boolean fails) {
            this.name = name;
            this.fails = fails;
        }

        @Override
        public void close() {
            closed.add(name);
            if (fails) {
                throw new IllegalStateException(name + " failed to close");
            }
        }
    }

    static final class Pool implements AutoCloseable {
        private final Resource resource;

        Pool(Resource resource) {
            this.resource = resource;
        }

        @Override
        public void close() {
            resource.close();
        }
    }

    static final class Database implements AutoCloseable {
        private final Resource resource;

        Database(Resource resource) {
            this.resource = resource;
        }

        @Override
        public void close() {
            resource.close();
        }
    }

    static final class Sink implements AutoCloseable {
        private final Resource resource;

        Sink(Resource resource) {
            this.resource = resource;
        }

        @Override
        public void close() {
            resource.close();
        }
    }

    /** The pool is built from the database; the sink is unregistered. */
    private final class Adapters extends AbstractModule {
        private final boolean poolFails;

        Adapters(boolean poolFails) {
            this.poolFails = poolFails;
        }

        @Override
        protected void configure() {
            Multibinder<AutoCloseable> closing = Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class);
            closing.addBinding().to(Pool.class);
            closing.addBinding().to(Database.class);
        }

        @Provides
        @Singleton
        Database database() {
            return new Database(new Resource("database", true));
        }

        @Provides
        @Singleton
        Pool pool(Database database) {
            if (poolFails) {
                throw new IllegalStateException("the pool cannot start");
            }
            return new Pool(new Resource("pool", true));
        }

        @Provides
        @Singleton
        Sink sink() {
            return new Sink(new Resource("unregistered sink", false));
        }
    }

    private static RegisteredCloseables compose(Module... modules) {
        RegisteredCloseables closeables = RegisteredCloseables.of(List.of(modules));
        closeables.createInjector(binder -> binder.requireExplicitBindings());
        return closeables;
    }

    @Test
    void onlyWhatIsRegisteredClosesEachBeforeWhatItWasBuiltFrom() {
        RegisteredCloseables closeables = compose(new Adapters(false));

        assertThatThrownBy(closeables::closeAll)
                .hasMessageContaining("Closing the server's resources failed")
                .satisfies(e -> assertThat(e.getCause()).hasMessage("pool failed to close"))
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("database failed to close")));
        assertThat(closed).as("the pool before the database it was built from; the sink is not registered")
                .containsExactly("pool", "database");

        closeables.closeAll();
        assertThat(closed).as("closing twice closes nothing again").hasSize(2);
    }

    @Test
    void aStartThatFailsHalfWayClosesWhatItHadCreated() {
        assertThatThrownBy(() -> compose(new Adapters(true))).isInstanceOf(com.google.inject.CreationException.class);

        assertThat(closed).containsExactly("database");
    }

    @Test
    void aRegisteredInstanceIsClosedLast() {
        Resource instance = new Resource("instance", false);
        RegisteredCloseables closeables = compose(new Adapters(false), binder ->
                Multibinder.newSetBinder(binder, AutoCloseable.class, ClosedAtShutdown.class).addBinding().toInstance(instance));

        assertThatThrownBy(closeables::closeAll).isInstanceOf(IllegalStateException.class);

        assertThat(closed).containsExactly("pool", "database", "instance");
    }

    @Test
    void aRegistrationThatNamesNoBindingIsRefusedAtStart() {
        Module byProviderMethod = new AbstractModule() {
            @ProvidesIntoSet
            @ClosedAtShutdown
            AutoCloseable closer() {
                return () -> closed.add("anonymous");
            }
        };

        assertThatThrownBy(() -> compose(byProviderMethod))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("addBinding().to(...)");
    }
}
