package io.graphstaging.ladybug;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadybugModuleTest {
    @TempDir
    Path tmp;

    @Test
    void bindsOneSinkUnderStrictGuice() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, binder -> {
            binder.requireExplicitBindings();
            binder.disableCircularProxies();
            binder.bind(MemoryBudget.class).toInstance(MemoryBudget.unlimited());
        }, new LadybugModule(LadybugConfig.defaults(tmp).withBufferPoolBytes(64L << 20).withMaxThreads(1)));

        GraphSink sink = injector.getInstance(GraphSink.class);
        assertThat(sink).isInstanceOf(LadybugGraphSink.class).isSameAs(injector.getInstance(GraphSink.class));
        assertThat(sink.engineVersion()).isEqualTo("0.14.3");
        ((LadybugGraphSink) sink).close();
    }
}
