// SPDX-License-Identifier: Apache-2.0
package io.skald.config.internal;

import io.skald.config.ConfigException;
import io.skald.config.SkaldConfig;
import io.skald.core.concurrent.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the command line and the YAML file into one ConfigAdmin configuration per module of the
 * target, and keeps them in step with the file: an edit reconfigures exactly the modules whose
 * section changed; a broken edit is logged and the running config kept.
 *
 * <p>The launcher hands over its arguments as the framework property {@value #ARGS_PROPERTY}
 * (one per line); the launcher already rejected bad ones, so a failure here is logged, not fatal.
 */
@Component(service = ConfigApplier.class, immediate = true)
public final class ConfigApplier {
    public static final String ARGS_PROPERTY = "skald.args";
    static final String POLL_PROPERTY = "skald.config.poll.millis";
    private static final Logger log = LoggerFactory.getLogger(ConfigApplier.class);

    private final ConfigurationAdmin configAdmin;
    private final List<String> args;
    private final ScheduledExecutorService watcher;
    private volatile SkaldConfig current;
    private FileTime lastModified;
    private long lastSize = -1;

    @Activate
    public ConfigApplier(@Reference ConfigurationAdmin configAdmin, BundleContext context) throws Exception {
        this.configAdmin = configAdmin;
        String raw = context.getProperty(ARGS_PROPERTY);
        this.args = raw == null || raw.isBlank() ? List.of() : Arrays.asList(raw.split("\n"));
        long poll = Long.parseLong(Objects.requireNonNullElse(context.getProperty(POLL_PROPERTY), "1000"));
        current = SkaldConfig.load(args);
        remember(current.configFile());
        apply(current);
        log.info("config applied: target {} runs modules {}", current.target(), current.modules());
        watcher = Executors.newSingleThreadScheduledExecutor(Threads.daemon("skald-config-watcher"));
        if (current.configFile() != null) {
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, poll, poll, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
    }

    public SkaldConfig current() {
        return current;
    }

    private void reloadIfChanged() {
        Path file = current.configFile();
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(lastModified) && size == lastSize) {
                return;
            }
            lastModified = modified;
            lastSize = size;
            SkaldConfig next = SkaldConfig.load(args);
            apply(next);
            current = next;
            log.info("config file {} changed: applied", file);
        } catch (ConfigException e) {
            log.error(
                    "config file {} changed but cannot be used, keeping the running config: {}", file, e.getMessage());
        } catch (IOException e) {
            log.warn("cannot read config file {}: {}", file, e.toString());
        } catch (RuntimeException e) {
            log.error("applying config file {} failed", file, e);
        }
    }

    private void remember(Path file) throws IOException {
        if (file != null) {
            lastModified = Files.getLastModifiedTime(file);
            lastSize = Files.size(file);
        }
    }

    /** Creates, updates or deletes each module's configuration; untouched when nothing changed. */
    synchronized void apply(SkaldConfig config) throws IOException {
        Map<String, Map<String, Object>> wanted = config.configurations();
        for (String pid : SkaldConfig.pids()) {
            Configuration existing = find(pid);
            Map<String, Object> props = wanted.get(pid);
            if (props == null) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            Configuration configuration = existing != null ? existing : configAdmin.getConfiguration(pid, "?");
            Dictionary<String, Object> next = new Hashtable<>(props);
            if (existing == null || !sameProperties(existing.getProperties(), next)) {
                configuration.update(next);
            }
        }
    }

    private Configuration find(String pid) throws IOException {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return found == null ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean sameProperties(Dictionary<String, Object> current, Dictionary<String, Object> next) {
        if (current == null) {
            return false;
        }
        return plain(current).equals(plain(next));
    }

    /** Properties without ConfigAdmin's own, arrays as lists so that equals compares contents. */
    private static Map<String, Object> plain(Dictionary<String, Object> d) {
        Map<String, Object> m = new HashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            if (k.equals(Constants.SERVICE_PID) || k.startsWith("service.") || k.startsWith("felix.")) {
                continue;
            }
            Object v = d.get(k);
            m.put(k, v instanceof Object[] a ? Arrays.asList(a) : v);
        }
        return m;
    }
}
