package io.graphstaging.http.bootstrap;

import com.google.inject.Module;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything the server needs from the environment, validated together. */
public record StartupConfiguration(HttpConfig http, List<Module> adapters) {

    /** @throws InvalidConfigurationException listing the problems of the edge and of every adapter at once */
    public static StartupConfiguration fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        HttpConfig http = null;
        try {
            http = HttpConfig.fromEnvironment(env);
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        List<Module> adapters = AdapterModules.fromEnvironment(env, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new StartupConfiguration(http, adapters);
    }
}
