package netpoll.mcache.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;

/**
 * The reader side of a LinkBuffer: reads flushed bytes from the head of the node list and gives
 * consumed nodes back on {@link #release()}.
 *
 * <p>Thread contract: one reader thread at a time. It learns how many bytes are readable from the
 * {@link Chain} word (acquire) and never reads past them, so the nodes' {@code end} and
 * {@code next} fields it reads are those the writer published. {@link #consumed} is written with
 * release stores so that {@link #length()} is safe from any thread; every other field is the
 * reader's. Callers check that enough bytes are readable ({@link #ensure}) before reading.
 */
public final class ChainReader {

    private static final VarHandle CONSUMED;
    private static final int MAX_GATHER = 256;
    private static final int INITIAL_COPIES = 4;

    static {
        try {
            CONSUMED = MethodHandles.lookup().findVarHandle(ChainReader.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Chain chain;
    private final Pool pool;
    /** First node not yet released; null when the buffer holds no node for the reader. */
    private Node head;
    /** The node holding the next byte to read (or an exhausted one before it). */
    private Node read;
    /** Bytes ever consumed; reader writes with release, any thread reads with acquire. */
    private long consumed;
    /** Bytes ever flushed, as last seen (acquire) by the reader. */
    private long limit;
    /** Pooled copies made for reads that span nodes; freed on release. */
    private Node[] copies = new Node[INITIAL_COPIES];
    private int copyCount;
    private ByteBuffer[] gather = new ByteBuffer[2];

    /**
     * The calling thread's cache, kept while the same thread works on this side (see
     * {@link Pool#localCache(ThreadCache)}). Confined to this side's thread.
     */
    private ThreadCache local;

    private ThreadCache local() {
        ThreadCache c = pool.localCache(local);
        local = c;
        return c;
    }

    ChainReader(Chain chain, Pool pool) {
        this.chain = chain;
        this.pool = pool;
    }

    /** @return whether {@code n} bytes are readable now */
    public boolean ensure(long n) {
        if (limit - consumed >= n) {
            return true;
        }
        limit = chain.flushed();
        return limit - consumed >= n;
    }

    /** @return bytes readable now (refreshed) */
    public long available() {
        limit = chain.flushed();
        return limit - consumed;
    }

    /** Any thread. @return readable bytes, never more than the reader can read now */
    public int length() {
        long f = chain.flushed();
        long c = (long) CONSUMED.getAcquire(this);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, f - c));
    }

    private void consume(int n) {
        CONSUMED.setRelease(this, consumed + n);
    }

    /**
     * Accepted race: the writer may be flushing into the tail while this reads the tail's
     * {@code end} plainly. The reader then sees either the end published by the flush it acquired
     * or a newer, larger one; it never reads past the acquired total, so a newer end never makes it
     * read unpublished bytes, and it follows {@code next} only when the total says bytes lie
     * beyond this node (then that link was published too).
     *
     * @return the node holding the next byte; at least one byte must be readable
     */
    private Node current() {
        Node x = read;
        if (x == null) {
            x = chain.start;
            head = x;
        }
        while (x.ri == x.end) {
            x = x.next;
        }
        read = x;
        return x;
    }

    /** @return a view of the next n readable bytes (n &gt; 0), consumed if {@code advance} */
    public ByteBuffer view(int n, boolean advance) {
        Node x = current();
        if (x.end - x.ri >= n) {
            ByteBuffer v = x.readerView(x.ri, n);
            if (advance) {
                x.ri += n;
                consume(n);
            }
            return v;
        }
        Node copy = Node.allocate(pool, n, local());
        copyOut(x, copy.memory, 0, n, advance);
        copy.wi = n;
        copy.end = n;
        keepCopy(copy);
        return copy.readerView(0, n);
    }

    private void keepCopy(Node copy) {
        if (copyCount == copies.length) {
            copies = Arrays.copyOf(copies, copyCount * 2);
        }
        copies[copyCount++] = copy;
    }

    /** Copies the next n bytes, starting in {@code x}, into {@code dst} at {@code at}. */
    private void copyOut(Node x, ByteBuffer dst, int at, int n, boolean advance) {
        int done = 0;
        int ri = x.ri;
        while (true) {
            int len = Math.min(n - done, x.end - ri);
            dst.put(at + done, x.memory, ri, len);
            done += len;
            if (done == n) {
                ri += len;
                break;
            }
            if (advance) {
                x.ri = ri + len;
            }
            x = x.next;
            ri = x.ri;
        }
        if (advance) {
            x.ri = ri;
            read = x;
            consume(n);
        }
    }

    /** Copies the next n readable bytes into a new array and consumes them. */
    public byte[] readBytes(int n) {
        byte[] out = new byte[n];
        take(n, out);
        return out;
    }

    /** Consumes the next n readable bytes. */
    public void skip(int n) {
        take(n, null);
    }

    /** Consumes the next n readable bytes, copying them into {@code out} unless it is null. */
    private void take(int n, byte[] out) {
        int done = 0;
        Node x = current();
        while (true) {
            int len = Math.min(n - done, x.end - x.ri);
            if (out != null) {
                x.memory.get(x.ri, out, done, len);
            }
            x.ri += len;
            done += len;
            if (done == n) {
                break;
            }
            x = x.next;
        }
        read = x;
        consume(n);
    }

    public byte readByte() {
        Node x = current();
        byte b = x.memory.get(x.ri++);
        consume(1);
        return b;
    }

    /** Reads a big-endian integer of {@code size} bytes (2, 4 or 8). */
    public long readNumber(int size) {
        Node x = current();
        if (x.end - x.ri >= size) {
            long v;
            if (size == Long.BYTES) {
                v = x.memory.getLong(x.ri);
            } else if (size == Integer.BYTES) {
                v = x.memory.getInt(x.ri);
            } else {
                v = x.memory.getShort(x.ri);
            }
            x.ri += size;
            consume(size);
            return v;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = v << Byte.SIZE | (readByte() & 0xFF);
        }
        return v;
    }

    /** @return the index of {@code delim} among the readable bytes, or -1 */
    public long indexOf(byte delim) {
        long left = available();
        if (left == 0) {
            return -1;
        }
        long index = 0;
        for (Node x = current(); left > 0; x = x.next) {
            int stop = (int) Math.min(x.end, x.ri + left);
            for (int i = x.ri; i < stop; i++) {
                if (x.memory.get(i) == delim) {
                    return index + i - x.ri;
                }
            }
            index += stop - x.ri;
            left -= stop - x.ri;
        }
        return -1;
    }

    /** Moves the next n readable bytes into {@code w} as reference nodes (zero-copy). */
    public void sliceInto(int n, ChainWriter w) {
        int done = 0;
        Node x = current();
        while (true) {
            int len = Math.min(n - done, x.end - x.ri);
            if (len > 0) {
                w.appendNode(Node.reference(x, x.ri, x.ri + len), len);
                x.ri += len;
                done += len;
            }
            if (done == n) {
                break;
            }
            x = x.next;
        }
        read = x;
        consume(n);
    }

    /** One gather write of the readable bytes; consumes what was written, then releases. */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        long left = available();
        if (left == 0) {
            release();
            return 0;
        }
        int k = 0;
        for (Node x = current(); left > 0 && k < MAX_GATHER; x = x.next) {
            int len = (int) Math.min(x.end - x.ri, left);
            if (len > 0) {
                if (k == gather.length) {
                    gather = Arrays.copyOf(gather, k * 2);
                }
                gather[k++] = x.readerIo(x.ri, x.ri + len);
                left -= len;
            }
        }
        long written = k == 1 ? channel.write(gather[0]) : channel.write(gather, 0, k);
        Arrays.fill(gather, 0, k, null);
        for (long rest = written; rest > 0; ) {
            int len = (int) Math.min(rest, Integer.MAX_VALUE);
            skip(len);
            rest -= len;
        }
        release();
        return written;
    }

    /** Frees copies and consumed nodes; frees every node when nothing is readable or staged. */
    public void release() {
        for (int i = 0; i < copyCount; i++) {
            copies[i].release(pool, local());
            copies[i] = null;
        }
        copyCount = 0;
        Node x = read;
        if (x == null) {
            return;
        }
        long left = available();
        while (x.ri == x.end && left > 0) {
            x = x.next;
        }
        read = x;
        freeUntil(head, x);
        head = x;
        x.resetReaderViews();
        if (left == 0 && chain.tryDetach(consumed)) {
            freeUntil(x, null);
            head = null;
            read = null;
        }
    }

    private void freeUntil(Node from, Node stop) {
        for (Node n = from; n != stop; ) {
            Node after = n.next;
            n.release(pool, local());
            n = after;
        }
    }

    /**
     * Owner only, both sides quiescent: frees copies and consumed nodes and hands every other node
     * to the caller (the first one with its read index kept); the reader holds no node afterwards.
     *
     * @param writerSession whether the writer is staging (then {@link Chain#start} is current)
     * @return the first node not consumed, or null when the buffer holds none
     */
    Node takeUnread(boolean writerSession) {
        for (int i = 0; i < copyCount; i++) {
            copies[i].release(pool, local());
            copies[i] = null;
        }
        copyCount = 0;
        Node first;
        if (read != null) {
            freeUntil(head, read);
            first = read;
        } else {
            first = writerSession || !chain.detached() ? chain.start : null;
        }
        head = null;
        read = null;
        return first;
    }

    /** Owner only: marks every flushed byte consumed (after {@link #takeUnread()}). */
    void consumeAll(long flushedTotal) {
        limit = flushedTotal;
        CONSUMED.setRelease(this, flushedTotal);
    }
}
