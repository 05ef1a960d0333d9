// SPDX-License-Identifier: Apache-2.0
package io.skald.limits.internal;

import io.skald.core.concurrent.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dskit's runtime-config manager for Loki's overrides file: read now and every period; a file that
 * changed and reads well replaces the overrides in force. A file that cannot be read or used — on
 * the first read or any later one — is logged once and changes nothing: the overrides in force
 * (none, at first) stay until the file is fixed.
 */
final class OverridesWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OverridesWatcher.class);
    /** Stands for "no file" in {@link #lastText}; no file's text can be this. */
    private static final String MISSING = "\u0000no such file";

    private final Path file;
    private final Consumer<Map<String, Map<String, Object>>> onChange;
    private final ScheduledExecutorService timer;
    /** The text last read (good or bad), so an unchanged file is neither parsed nor reported again. */
    private String lastText;

    OverridesWatcher(Path file, long periodMillis, Consumer<Map<String, Map<String, Object>>> onChange) {
        this.file = file;
        this.onChange = onChange;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("skald-runtime-config"));
        poll();
        long period = Math.max(100, periodMillis);
        timer.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
    }

    Path file() {
        return file;
    }

    synchronized void poll() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            if (!MISSING.equals(lastText)) {
                log.error("runtime overrides {} cannot be read (no such file); the limits in force stay", file);
            }
            lastText = MISSING;
            return;
        } catch (IOException e) {
            log.error("runtime overrides {} cannot be read; the limits in force stay: {}", file, e.toString());
            return;
        }
        if (Objects.equals(text, lastText)) {
            return;
        }
        lastText = text;
        try {
            Map<String, Map<String, Object>> overrides = LimitsYaml.overrides(text);
            onChange.accept(overrides);
            log.info("runtime overrides {} loaded: {} tenants overridden", file, overrides.size());
        } catch (IllegalArgumentException e) {
            log.error("runtime overrides {} cannot be used; the limits in force stay: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            log.error("runtime overrides {} cannot be applied; the limits in force stay", file, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
