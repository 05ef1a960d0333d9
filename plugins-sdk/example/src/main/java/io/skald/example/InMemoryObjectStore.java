// SPDX-License-Identifier: Apache-2.0
package io.skald.example;

import io.skald.spi.storage.ObjectNotFoundException;
import io.skald.spi.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A storage plugin in its smallest form: objects in a sorted map, gone when the bundle stops. It
 * shows the whole {@link ObjectStore} contract (atomic puts, ranged reads, ordered listing) and how
 * a plugin waits for its configuration: the component starts only once PID {@value #PID} exists (a
 * {@code io.skald.example.memorystore.cfg} beside the jar, or a YAML section), so dropping the jar in
 * does not move anyone's data. Give it a {@code service.ranking} above 0 and the store module switches
 * to it live.
 */
@Component(service = ObjectStore.class, configurationPid = InMemoryObjectStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = ObjectStore.KIND + "=memory")
@Designate(ocd = InMemoryObjectStore.Config.class)
public final class InMemoryObjectStore implements ObjectStore {
    public static final String PID = "io.skald.example.memorystore";

    /** Nothing to set; the configuration's presence is what switches the store on. */
    @ObjectClassDefinition(id = PID, name = "Example in-memory object store")
    public @interface Config {
    }

    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        byte[] bytes = data.readNBytes((int) length);
        if (bytes.length != length) {
            throw new IOException("short write to " + key + ": " + bytes.length + " of " + length + " bytes");
        }
        objects.put(key, bytes); // one reference swap: readers see the old object or the new one, whole
    }

    @Override
    public InputStream get(String key) throws IOException {
        return new ByteArrayInputStream(object(key));
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        byte[] bytes = object(key);
        int from = (int) Math.min(offset, bytes.length);
        int to = (int) Math.min(bytes.length, offset + length);
        return new ByteArrayInputStream(bytes, from, to - from);
    }

    @Override
    public Iterator<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((key, bytes) -> {
            if (key.startsWith(prefix)) {
                out.add(new ObjectInfo(key, bytes.length));
            }
        });
        return out.iterator();
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    private byte[] object(String key) throws ObjectNotFoundException {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new ObjectNotFoundException(key);
        }
        return bytes;
    }
}
