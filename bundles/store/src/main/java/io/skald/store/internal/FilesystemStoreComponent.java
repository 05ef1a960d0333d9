// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import io.skald.spi.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * The built-in object store: files under {@code storage_config.filesystem.directory}. Ranked low
 * (-1000) so that any object-store plugin (S3 and the like) registered with a default ranking wins.
 */
@Component(
        service = ObjectStore.class,
        configurationPid = StoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = ObjectStore.KIND + "=filesystem")
@ServiceRanking(-1000)
public final class FilesystemStoreComponent implements ObjectStore {
    private final FilesystemObjectStore store;

    @Activate
    public FilesystemStoreComponent(StoreConfig config) throws IOException {
        String dir = config.filesystem_directory();
        this.store = new FilesystemObjectStore(dir.isEmpty() ? Path.of(config.pathPrefix(), "chunks") : Path.of(dir));
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        store.put(key, data, length);
    }

    @Override
    public InputStream get(String key) throws IOException {
        return store.get(key);
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        return store.getRange(key, offset, length);
    }

    @Override
    public Iterator<ObjectInfo> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }
}
