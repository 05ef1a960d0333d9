// SPDX-License-Identifier: Apache-2.0
package io.skald.spi.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A flat key space of immutable objects, as S3 and its peers offer it. Keys are {@code /}-separated
 * paths without a leading slash. Every method streams: no whole object is ever held in memory by
 * the interface itself.
 *
 * <p>Contract: {@link #put} is atomic (a reader sees the whole object or none of it) and durable
 * when it returns; objects are never modified, only replaced or deleted.
 */
@ConsumerType
public interface ObjectStore {
    /** Service property naming the implementation, e.g. {@code filesystem} or {@code s3}. */
    String KIND = "skald.objectstore.kind";

    /** Stores {@code length} bytes read from {@code data} under {@code key}, replacing any object there. */
    void put(String key, InputStream data, long length) throws IOException;

    /** The whole object. */
    InputStream get(String key) throws IOException;

    /** {@code length} bytes from {@code offset}; fewer only at the end of the object. */
    InputStream getRange(String key, long offset, long length) throws IOException;

    /** Every object whose key starts with {@code prefix}, in key order. */
    Iterator<ObjectInfo> list(String prefix) throws IOException;

    /** Deletes the object; deleting what is not there is not an error. */
    void delete(String key) throws IOException;

    /** A listed object. */
    record ObjectInfo(String key, long size) {}
}
