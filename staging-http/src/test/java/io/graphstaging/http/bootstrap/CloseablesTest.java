package io.graphstaging.http.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.matcher.Matchers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {
    interface Port {}

    /** Records its closing in a shared list; may be told to fail. */
    static final class Resource implements Port, AutoCloseable {
        final String name;
        final List<String> closed;
        final boolean fails;

        Resource(String name, List<String> closed, boolean fails) {
            this.name = name;
            this.closed = closed;
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

    static final class Base {
        final Resource resource;

        Base(Resource resource) {
            this.resource = resource;
        }
    }

    @Test
    void singletonsCloseOnceNewestFirstAndEveryFailureIsReported() {
        List<String> closed = new ArrayList<>();
        Closeables closeables = new Closeables();
        Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                bindListener(Matchers.any(), closeables);
                bind(Port.class).to(Resource.class);
            }

            @Provides
            @Singleton
            Resource first() {
                return new Resource("first", closed, true);
            }

            @Provides
            @Singleton
            Base second(Resource first) {
                return new Base(new Resource("second", closed, true));
            }

            @Provides
            @Singleton
            AutoCloseable third(Base second) {
                return new Resource("third", closed, true);
            }
        });

        assertThatThrownBy(closeables::closeAll)
                .hasMessageContaining("Closing the server's resources failed")
                .satisfies(e -> assertThat(e.getCause()).hasMessage("third failed to close"))
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("first failed to close")));
        assertThat(closed).as("newest first; 'second' is not a binding's instance, so not ours to close")
                .containsExactly("third", "first");
    }
}
