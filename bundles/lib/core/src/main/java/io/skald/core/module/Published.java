// SPDX-License-Identifier: Apache-2.0
package io.skald.core.module;

import io.skald.spi.module.Module;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A service a module offers its dependents, registered with the module's {@link Module#NAME} so
 * the status pages draw the edge. Register it at the end of {@code starting}, close it first thing in
 * {@code stopping}: dependents then see it only while the module can serve it.
 */
public final class Published<T> implements AutoCloseable {
    private ServiceRegistration<T> registration;

    private Published(ServiceRegistration<T> registration) {
        this.registration = registration;
    }

    public static <T> Published<T> register(BundleContext context, String module, Class<T> type, T service) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Module.NAME, module);
        return new Published<>(context.registerService(type, service, props));
    }

    /** Withdraws the service; safe to call twice, or after the framework already withdrew it. */
    @Override
    public synchronized void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it first
            }
            registration = null;
        }
    }
}
