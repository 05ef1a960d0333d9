// SPDX-License-Identifier: Apache-2.0
package io.skald.queryfrontend.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loki's embedded results cache: answers of split parts by request, least recently used first out
 * once the bodies exceed the byte budget. Only parts that ended long enough ago are put here (the
 * frontend decides), so a cached answer never misses data that is still arriving.
 */
final class ResultsCache {
    private final long maxBytes;
    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    ResultsCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized String get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, String body) {
        long size = weight(key, body);
        if (size > maxBytes) {
            return;
        }
        String previous = entries.put(key, body);
        if (previous != null) {
            bytes -= weight(key, previous);
        }
        bytes += size;
        Iterator<Map.Entry<String, String>> oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, String> e = oldest.next();
            bytes -= weight(e.getKey(), e.getValue());
            oldest.remove();
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    private static long weight(String key, String body) {
        return 2L * (key.length() + body.length()) + 64; // chars are two bytes, plus the map entry
    }
}
