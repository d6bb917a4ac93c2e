package io.graphstaging.ladybug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import java.util.Set;
import com.google.inject.Stage;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.port.GraphQueries;
import io.graphstaging.ladybug.sink.LadybugGraphQueries;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadybugModuleTest {
    private static final Key<Set<AutoCloseable>> CLOSED_AT_SHUTDOWN =
            Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    @TempDir
    Path tmp;

    @Test
    void bindsOneSinkUnderStrictGuice() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
            binder.bind(MemoryBudget.class).toInstance(MemoryBudget.unlimited());
            binder.bind(QueryThreads.class).toInstance(new QueryThreads(2));
            binder.bind(QueryLimits.class).toInstance(QueryLimits.defaults(1L << 30, 2));
        }, new LadybugModule(LadybugConfig.defaults(tmp).withBufferPoolBytes(64L << 20).withMaxThreads(1)));

        GraphSink sink = injector.getInstance(GraphSink.class);
        assertThat(sink).isInstanceOf(LadybugGraphSink.class).isSameAs(injector.getInstance(GraphSink.class));
        assertThat(sink.engineVersion()).isEqualTo("0.14.3");
        assertThat(injector.getInstance(GraphQueries.class)).isInstanceOf(LadybugGraphQueries.class);
        assertThat(injector.getInstance(CLOSED_AT_SHUTDOWN)).as("registered to be closed").containsExactly((AutoCloseable) sink);
        ((LadybugGraphSink) sink).close();
    }
}
