// SPDX-License-Identifier: Apache-2.0
package io.skald.ingester.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's write-ahead log: numbered segment files of framed records,
 * {@code [u32 length][u32 crc32c of payload][payload]}. Appends are serialised (framing is not); {@link #sync} is a
 * group commit, so concurrent pushes share one fsync. On start, {@link #replay} reads every segment
 * and cuts a torn or corrupt tail off at the last good record (logged, never fatal).
 */
final class Wal implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Wal.class);
    static final int HEADER = 8;

    /** When an append is durable. */
    enum SyncPolicy {
        /** fsync before the push is acknowledged (Skald's default: an acknowledged push survives power loss). */
        ALWAYS,
        /** acknowledged once written to the OS; survives a process crash, not a power loss. */
        NEVER
    }

    interface RecordHandler {
        void record(ByteBuffer payload) throws IOException;
    }

    private record Segment(long index, Path path) {}

    private final Path dir;
    private final Object syncLock = new Object();
    private final long segmentBytes;
    private final SyncPolicy policy;
    private final List<Segment> closed = new ArrayList<>();
    private final List<Long> closedMaxSeq = new ArrayList<>();
    private Segment current;
    private FileChannel channel;
    private long currentMaxSeq = -1;
    private long currentBytes; // of the open segment, so an append needs no fstat to decide a roll
    private long written;
    private volatile long synced;
    private long corruptions;

    Wal(Path dir, long segmentBytes, SyncPolicy policy) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.policy = policy;
        Files.createDirectories(dir);
    }

    /** Corrupt or torn tails cut off during replay. */
    long corruptions() {
        return corruptions;
    }

    /**
     * Reads every record of every segment in order. A frame that is short or fails its checksum ends
     * its segment: the file is truncated there. {@code seqOf} tells the log the sequence number of
     * a record, so segments can be dropped once everything in them is flushed.
     */
    void replay(RecordHandler handler, ToLongFunction<ByteBuffer> seqOf) throws IOException {
        closed.clear();
        closedMaxSeq.clear();
        for (Segment s : segments()) {
            long maxSeq = -1;
            try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                ByteBuffer all = ByteBuffer.allocate((int) size);
                while (all.hasRemaining() && ch.read(all) >= 0) {
                    // read the whole segment
                }
                all.flip();
                long good = 0;
                while (all.remaining() >= HEADER) {
                    int length = all.getInt();
                    int crc = all.getInt();
                    if (length < 0 || length > all.remaining()) {
                        break;
                    }
                    ByteBuffer payload = all.slice(all.position(), length);
                    if (checksum(payload.duplicate()) != crc) {
                        break;
                    }
                    all.position(all.position() + length);
                    good = all.position();
                    maxSeq = Math.max(maxSeq, seqOf.applyAsLong(payload.duplicate()));
                    handler.record(payload);
                }
                if (good < size) {
                    corruptions++;
                    log.warn(
                            "WAL segment {} has a torn or corrupt tail: truncating {} bytes at offset {}",
                            s.path().getFileName(),
                            size - good,
                            good);
                    ch.truncate(good);
                    ch.force(true);
                }
            }
            closed.add(s);
            closedMaxSeq.add(maxSeq);
        }
    }

    /** Opens a fresh segment for appending; call after {@link #replay}. */
    synchronized void open() throws IOException {
        long next = closed.isEmpty() ? 1 : closed.get(closed.size() - 1).index() + 1;
        roll(next);
    }

    private void roll(long index) throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            closed.add(current);
            closedMaxSeq.add(currentMaxSeq);
        }
        current = new Segment(index, dir.resolve(String.format("%016d.wal", index)));
        channel = FileChannel.open(
                current.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentMaxSeq = -1;
        currentBytes = channel.size();
        synced = written; // everything before the roll was forced with the old segment
    }

    /** Appends one record; returns the log position to pass to {@link #sync}. */
    long append(ByteBuffer payload, long seq) throws IOException {
        return appendFrame(frame(payload), seq);
    }

    /**
     * A record framed for {@link #appendFrame}: built (copied and checksummed) by the caller's thread,
     * outside the log's lock, which then covers only the write itself.
     */
    static ByteBuffer frame(ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(HEADER + length);
        frame.putInt(length).putInt(checksum(payload.duplicate())).put(payload).flip();
        return frame;
    }

    /**
     * Appends one framed record; returns the log position to pass to {@link #sync}. Records may
     * arrive out of sequence order (see {@link Streams}); each segment keeps its highest seq.
     */
    synchronized long appendFrame(ByteBuffer frame, long seq) throws IOException {
        if (channel == null) {
            throw new ClosedChannelException();
        }
        int size = frame.remaining();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
        written += size;
        currentBytes += size;
        currentMaxSeq = Math.max(currentMaxSeq, seq);
        long position = written;
        if (currentBytes >= segmentBytes) {
            roll(current.index() + 1);
        }
        return position;
    }

    /** Makes everything up to {@code position} durable, per the policy; concurrent callers share one fsync. */
    void sync(long position) throws IOException {
        if (policy == SyncPolicy.NEVER || synced >= position) {
            return;
        }
        FileChannel ch;
        long target;
        synchronized (this) {
            ch = channel;
            target = written;
        }
        synchronized (syncLock) {
            if (synced >= position) {
                return;
            }
            try {
                ch.force(false);
            } catch (ClosedChannelException rolled) {
                // the segment was rolled, which forced it
            }
            synced = Math.max(synced, target);
        }
    }

    /** Deletes closed segments whose every record has a sequence number below {@code seq}. */
    synchronized void deleteSegmentsBefore(long seq) throws IOException {
        while (!closed.isEmpty() && closedMaxSeq.get(0) < seq) {
            Files.deleteIfExists(closed.remove(0).path());
            closedMaxSeq.remove(0);
        }
    }

    synchronized long bytesInUse() throws IOException {
        long n = channel == null ? 0 : channel.size();
        for (Segment s : closed) {
            n += Files.exists(s.path()) ? Files.size(s.path()) : 0;
        }
        return n;
    }

    private List<Segment> segments() throws IOException {
        List<Segment> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".wal")) {
                    out.add(new Segment(Long.parseLong(name.substring(0, name.length() - 4)), p));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.index(), b.index()));
        return out;
    }

    static int checksum(ByteBuffer b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
    }
}
