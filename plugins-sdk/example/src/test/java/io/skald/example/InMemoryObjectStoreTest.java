// SPDX-License-Identifier: Apache-2.0
package io.skald.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skald.spi.storage.ObjectNotFoundException;
import io.skald.spi.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ObjectStore contract, as any storage plugin should test it: a template for yours. */
class InMemoryObjectStoreTest {
    private final ObjectStore store = new InMemoryObjectStore();

    private void put(String key, String value) throws Exception {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    @Test
    void putGetReplaceDelete() throws Exception {
        put("a/1", "first");
        put("a/1", "second");
        assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), store.get("a/1").readAllBytes());
        store.delete("a/1");
        store.delete("a/1"); // deleting what is not there is not an error
        assertThrows(ObjectNotFoundException.class, () -> store.get("a/1"));
    }

    @Test
    void rangesStopAtTheEnd() throws Exception {
        put("k", "0123456789");
        assertEquals("345", new String(store.getRange("k", 3, 3).readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("89", new String(store.getRange("k", 8, 10).readAllBytes(), StandardCharsets.UTF_8));
        assertEquals("", new String(store.getRange("k", 20, 5).readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void listsByPrefixInKeyOrder() throws Exception {
        put("index/b", "x");
        put("index/a", "yy");
        put("chunks/c", "z");
        List<String> keys = new ArrayList<>();
        store.list("index/").forEachRemaining(o -> keys.add(o.key() + ":" + o.size()));
        assertEquals(List.of("index/a:2", "index/b:1"), keys);
    }

    @Test
    void aShortStreamIsNotStored() {
        assertThrows(IOException.class, () -> store.put("k", new ByteArrayInputStream(new byte[2]), 5));
        assertThrows(ObjectNotFoundException.class, () -> store.get("k"));
    }
}
