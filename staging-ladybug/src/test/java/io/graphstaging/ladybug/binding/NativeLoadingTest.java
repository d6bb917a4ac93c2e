package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.testing.BoundedProcess;
import io.graphstaging.ladybug.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding loads in a fresh JVM, also when the environment asks for eager symbol binding. */
class NativeLoadingTest {
    @TempDir
    Path tmp;

    @Test
    void loadsWithLdBindNowSet() throws Exception {
        // The engine is a Node addon: with lazy binding its napi_* references are never resolved,
        // with LD_BIND_NOW each must have a definition when the library loads.
        BoundedProcess.Ended child = ChildJvm.run(tmp, Duration.ofSeconds(60), Map.of("LD_BIND_NOW", "1"), PrintEngineVersion.class);
        assertThat(child.output()).as(child.output()).startsWith("0.14.3");
        assertThat(child.exitCode()).hasValue(0);
    }
}
