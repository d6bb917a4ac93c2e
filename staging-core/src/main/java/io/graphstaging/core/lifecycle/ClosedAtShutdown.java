package io.graphstaging.core.lifecycle;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the set of {@link AutoCloseable}s a composition closes when the platform stops.
 * Whoever binds something that holds resources (a pool, open databases, a client, a server
 * process) registers it next to its binding, e.g. with Guice:
 * {@code Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
 * .addBinding().to(Pool.class)}. The composition closes what was registered and nothing else,
 * each thing before what it was built from.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface ClosedAtShutdown {}
