// SPDX-License-Identifier: Apache-2.0
package io.skald.store.internal;

import io.skald.spi.storage.ObjectNotFoundException;
import io.skald.spi.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Objects as files under a root folder, key = relative path. A put writes a temporary file, fsyncs
 * it and renames it into place, so readers never see half an object and a returned put survives a
 * crash. For one node: nothing here coordinates several writers of the same key.
 */
public final class FilesystemObjectStore implements ObjectStore {
    private static final String TMP_SUFFIX = ".tmp";
    private final Path root;

    public FilesystemObjectStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    private Path path(String key) throws IOException {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root) || key.isEmpty() || key.endsWith("/")) {
            throw new IOException("invalid object key: " + key);
        }
        return p;
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(
                target.getFileName() + "." + Thread.currentThread().getId() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = Channels.newOutputStream(ch)) {
            long copied = data.transferTo(out);
            if (copied != length) {
                throw new IOException("object " + key + ": expected " + length + " bytes, got " + copied);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every filesystem lets a directory be opened for sync; the rename is still atomic
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
        ch.position(offset);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public Iterator<ObjectInfo> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.<ObjectInfo>of().iterator();
        }
        List<ObjectInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !key.endsWith(TMP_SUFFIX)) {
                    out.add(new ObjectInfo(key, Files.size(p)));
                }
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out.iterator();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }
}
