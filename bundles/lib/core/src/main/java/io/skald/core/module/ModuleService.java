// SPDX-License-Identifier: Apache-2.0
package io.skald.core.module;

import io.skald.spi.module.Module;
import io.skald.spi.module.State;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one module through its {@link State}s and publishes it as a {@link Module} service whose
 * {@code skald.module.state} property follows along. A module component calls {@link #start} from
 * its {@code @Activate} method and {@link #stop()} from its {@code @Deactivate} method; it writes two
 * hooks, both optional, and nothing else.
 *
 * <p>The hooks run in one of these orders only, each strictly after the previous one returned, so
 * they need no locking between them:
 * <ul>
 *   <li>{@code starting} threw: Starting, Failed. {@code stopping} is not called.</li>
 *   <li>stopped while Running: Starting, Running, Stopping, Terminated (or Failed if {@code stopping} threw).</li>
 *   <li>{@link #fail} while Running: Starting, Running, Stopping, Failed, {@code stopping} receiving the cause.</li>
 *   <li>stopped while Starting: the starting thread is interrupted and awaited. If {@code starting}
 *       still succeeded, the module goes down as if stopped while Running; if it gave up, it ends Terminated.</li>
 * </ul>
 * {@code starting} runs on a thread of its own, so slow start-up work (replaying a WAL) does not hold
 * up SCR; the service is visible as Starting meanwhile. Dependents filter on Running, so they bind
 * only after {@code starting} succeeded and are let go, synchronously, before {@code stopping} runs.
 */
public final class ModuleService implements Module {
    private static final Logger log = LoggerFactory.getLogger(ModuleService.class);

    /** What a module does on the way up and down. Both default to nothing: an idle service. */
    public interface Hooks {
        default void starting() throws Exception {}

        /** @param failure why the module is going down, or {@code null} on a normal stop */
        default void stopping(Throwable failure) throws Exception {}
    }

    /** Makes the module and its state visible: an OSGi registration in production, a recorder in tests. */
    public interface Publisher {
        void publish(Module module, Map<String, Object> properties);

        void update(Map<String, Object> properties);

        void withdraw();
    }

    private final String name;
    private final Hooks hooks;
    private final Publisher publisher;
    private final Thread starter;
    private volatile State state = State.NEW;
    private volatile Throwable failure;
    private boolean stopRequested;
    private boolean withdrawn;

    private ModuleService(String name, Hooks hooks, Publisher publisher) {
        this.name = Objects.requireNonNull(name, "name");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.starter = new Thread(this::runStarting, "skald-" + name + "-starting");
        this.starter.setDaemon(true);
    }

    /** Publishes {@code name} as Starting and runs {@code hooks.starting()} on its own thread. */
    public static ModuleService start(BundleContext context, String name, Hooks hooks) {
        return start(name, hooks, new RegistrationPublisher(context));
    }

    public static ModuleService start(String name, Hooks hooks, Publisher publisher) {
        ModuleService service = new ModuleService(name, hooks, publisher);
        service.state = State.STARTING;
        publisher.publish(service, service.properties());
        service.starter.start();
        return service;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    /** Waits until {@code starting} has finished, one way or the other. For tests and start-up timing. */
    public State awaitStarted(long timeoutMillis) throws InterruptedException {
        starter.join(timeoutMillis);
        return state;
    }

    /** Reports that the module's own work died while Running: Stopping, then Failed, dependents let go. */
    public void fail(Throwable cause) {
        synchronized (this) {
            if (stopRequested || state != State.RUNNING) {
                return;
            }
            stopRequested = true;
        }
        goDown(Objects.requireNonNull(cause, "cause"));
    }

    /** Stops the module. Idempotent; returns once the module is Terminated or Failed and withdrawn. */
    public void stop() {
        boolean goDown;
        synchronized (this) {
            goDown = !stopRequested;
            stopRequested = true;
        }
        if (starter.isAlive()) {
            starter.interrupt();
        }
        joinQuietly(starter);
        if (goDown && state == State.RUNNING) {
            goDown(null);
        }
        synchronized (this) {
            if (withdrawn) {
                return;
            }
            withdrawn = true;
        }
        publisher.withdraw();
    }

    private void runStarting() {
        long start = System.nanoTime();
        try {
            hooks.starting();
            log.debug("module {} started in {} ms", name, (System.nanoTime() - start) / 1_000_000);
            synchronized (this) {
                if (stopRequested) {
                    // stop() arrived while starting: go down from Running as promised, on stop()'s thread.
                    state = State.RUNNING;
                    return;
                }
            }
            transition(State.RUNNING);
        } catch (Throwable t) {
            boolean abandoned;
            synchronized (this) {
                abandoned = stopRequested;
            }
            if (!abandoned) {
                failure = t;
            }
            transition(abandoned ? State.TERMINATED : State.FAILED);
        }
    }

    private void goDown(Throwable cause) {
        failure = cause;
        transition(State.STOPPING);
        try {
            hooks.stopping(cause);
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
        transition(failure == null ? State.TERMINATED : State.FAILED);
    }

    private void transition(State next) {
        if (next == State.FAILED) {
            log.error("module {} failed", name, failure);
        } else {
            log.debug("module {} is {}", name, next);
        }
        state = next;
        publisher.update(properties());
    }

    private Map<String, Object> properties() {
        return Map.of(NAME, name, STATE, state.toString());
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "module " + name + " (" + state + ")";
    }

    /** Registers the module with the framework; state changes become service property modifications. */
    private static final class RegistrationPublisher implements Publisher {
        private final BundleContext context;
        private ServiceRegistration<Module> registration;

        RegistrationPublisher(BundleContext context) {
            this.context = Objects.requireNonNull(context, "context");
        }

        @Override
        public synchronized void publish(Module module, Map<String, Object> properties) {
            registration = context.registerService(Module.class, module, dictionary(properties));
        }

        @Override
        public synchronized void update(Map<String, Object> properties) {
            if (registration != null) {
                registration.setProperties(dictionary(properties));
            }
        }

        @Override
        public synchronized void withdraw() {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping and the framework unregistered it first
                }
                registration = null;
            }
        }

        private static Dictionary<String, Object> dictionary(Map<String, Object> properties) {
            return new Hashtable<>(properties);
        }
    }
}
