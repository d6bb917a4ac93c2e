package io.graphstaging.cli.command;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds the commands with the process's {@link CliEnvironment}; everything else picocli builds itself. */
public final class CommandFactory implements CommandLine.IFactory {
    private final CliEnvironment environment;
    private final CommandLine.IFactory defaults = CommandLine.defaultFactory();

    public CommandFactory(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == CliEnvironment.class) {
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance(environment));
            }
        }
        return defaults.create(type);
    }
}
