package io.graphstaging.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.model.SpoolDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlatformModuleTest {
    @Test
    void theQueryTimerIsOneSingletonRegisteredToBeClosed() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new PlatformModule(new SpoolDirectory(Path.of("spool")),
                MemoryBudget.unlimited(), QueryLimits.defaults(Runtime.getRuntime().maxMemory(), 2)));
        QueryTimer timer = injector.getInstance(QueryTimer.class);
        try {
            assertThat(injector.getInstance(QueryTimer.class)).isSameAs(timer);
            assertThat(injector.getInstance(RegisteredCloseables.KEY)).as("registered to be closed").containsExactly(timer);
        } finally {
            timer.close();
        }
    }
}
