package io.graphstaging.bootstrap;

import com.google.inject.Binding;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.matcher.Matchers;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinderBinding;
import com.google.inject.multibindings.MultibinderBinding;
import com.google.inject.multibindings.MultibindingsTargetVisitor;
import com.google.inject.multibindings.OptionalBinderBinding;
import com.google.inject.spi.DefaultBindingTargetVisitor;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.LinkedKeyBinding;
import com.google.inject.spi.ProvisionListener;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the modules registered to be closed at shutdown (the set of {@link AutoCloseable}
 * qualified {@link ClosedAtShutdown}, after Airlift's {@code ClosingBinder}), closed in
 * dependency order: a thing is closed before what it was built from. Guice builds a thing's
 * dependencies before the thing, so the order is the reverse of the order in which the registered
 * singletons were created, which this listener records. A start that fails half-way closes what
 * it had already created.
 *
 * <p>Registrations name the singleton to close ({@code addBinding().to(Pool.class)}) or give an
 * instance ({@code addBinding().toInstance(...)}, closed last: it existed before everything).
 */
public final class RegisteredCloseables implements ProvisionListener {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredCloseables.class);
    static final Key<Set<AutoCloseable>> KEY = Key.get(new TypeLiteral<Set<AutoCloseable>>() {}, ClosedAtShutdown.class);

    /** The hardening every assembly uses: explicit bindings only, no circular proxies. */
    public static final Module HARDENING = binder -> {
        binder.requireExplicitBindings();
        binder.disableCircularProxies();
    };

    private final List<Element> elements;
    private final Set<Key<?>> registeredKeys;
    private final List<AutoCloseable> registeredInstances;
    private final List<AutoCloseable> created = new ArrayList<>(); // guarded by this, oldest first
    private boolean closed; // guarded by this

    private RegisteredCloseables(List<Element> elements, Set<Key<?>> registeredKeys, List<AutoCloseable> registeredInstances) {
        this.elements = List.copyOf(elements);
        this.registeredKeys = Set.copyOf(registeredKeys);
        this.registeredInstances = List.copyOf(registeredInstances);
    }

    /**
     * Reads the registrations of the modules (before the injector is built).
     *
     * @throws IllegalArgumentException for a registration that names neither a key nor an instance
     */
    public static RegisteredCloseables of(List<Module> modules) {
        List<Element> elements = Elements.getElements(Stage.PRODUCTION, modules);
        Optional<MultibinderBinding<?>> set = Optional.empty();
        for (Element element : elements) {
            if (element instanceof Binding<?> binding && binding.getKey().equals(KEY)) {
                set = Optional.ofNullable(binding.acceptTargetVisitor(new SetBindingFinder()));
            }
        }
        Set<Key<?>> keys = new HashSet<>();
        List<AutoCloseable> instances = new ArrayList<>();
        if (set.isPresent()) {
            Set<Key<?>> setKeys = new HashSet<>(set.get().getAlternateSetKeys());
            setKeys.add(KEY);
            for (Element element : elements) {
                if (!set.get().containsElement(element) || element instanceof Binding<?> b && setKeys.contains(b.getKey())) {
                    continue;
                }
                if (element instanceof LinkedKeyBinding<?> link) {
                    keys.add(link.getLinkedKey());
                } else if (element instanceof InstanceBinding<?> instance) {
                    instances.add((AutoCloseable) instance.getInstance());
                } else {
                    throw new IllegalArgumentException("Register what is closed at shutdown by its binding "
                            + "(addBinding().to(...)) or as an instance, not as " + element.getSource());
                }
            }
        }
        return new RegisteredCloseables(elements, keys, instances);
    }

    /**
     * The production injector of the modules, with this listener recording what is created; a
     * build that fails closes what it had already created and rethrows.
     *
     * @param hardening binder settings added to the modules ({@code requireExplicitBindings}...)
     */
    public Injector createInjector(Module hardening) {
        try {
            return Guice.createInjector(Stage.PRODUCTION, Elements.getModule(elements), hardening,
                    binder -> binder.bindListener(Matchers.any(), this));
        } catch (RuntimeException e) {
            try {
                closeAll();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** The binder module's set binding, whichever of its elements is looked at. */
    private static final class SetBindingFinder extends DefaultBindingTargetVisitor<Object, MultibinderBinding<?>>
            implements MultibindingsTargetVisitor<Object, MultibinderBinding<?>> {
        @Override
        public MultibinderBinding<?> visit(MultibinderBinding<?> multibinding) {
            return multibinding;
        }

        @Override
        public MultibinderBinding<?> visit(MapBinderBinding<?> mapbinding) {
            return null;
        }

        @Override
        public MultibinderBinding<?> visit(OptionalBinderBinding<?> optionalbinding) {
            return null;
        }
    }

    @Override
    public <T> void onProvision(ProvisionInvocation<T> provision) {
        T instance = provision.provision();
        if (registeredKeys.contains(provision.getBinding().getKey()) && instance instanceof AutoCloseable closeable) {
            synchronized (this) {
                if (created.stream().noneMatch(c -> c == closeable)) {
                    created.add(closeable);
                }
            }
        }
    }

    /**
     * Closes everything registered that exists, newest first, each once. A failure to close one
     * thing does not stop the others; every failure is logged and the first is rethrown at the
     * end with the rest attached as suppressed.
     */
    public void closeAll() {
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = created.size() - 1; i >= 0; i--) {
                toClose.add(created.get(i));
            }
            created.clear();
        }
        toClose.addAll(registeredInstances.stream().filter(i -> toClose.stream().noneMatch(c -> c == i)).toList());
        RuntimeException failure = null;
        for (AutoCloseable c : toClose) {
            try {
                LOG.info("Closing {}", c.getClass().getSimpleName());
                c.close();
            } catch (Exception e) {
                LOG.error("Closing {} failed", c.getClass().getSimpleName(), e);
                if (failure == null) {
                    failure = new IllegalStateException("Closing the server's resources failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
