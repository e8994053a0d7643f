package netpoll.mcache.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;

/**
 * The writer side of a LinkBuffer: stages bytes at the tail of the node list and publishes them
 * with {@link #flush()}.
 *
 * <p>Thread contract: one writer thread at a time (the buffer's writer). It shares only the
 * {@link Chain} word, {@link Chain#start} and the nodes' {@code end}/{@code next} fields with the
 * reader, as {@link Chain} describes; every field of this class is the writer's.
 */
public final class ChainWriter {

    /** Sources larger than this are linked in without copying (direct memory only), as Go does. */
    public static final int LINK_THRESHOLD = 4096;
    /** The largest node a long copy allocates at once. */
    private static final int MAX_COPY_NODE = 64 << 10;

    private final Chain chain;
    private final Pool pool;
    private final int nodeSize;
    private final ReadSizePredictor predictor = new ReadSizePredictor();
    private final ByteBuffer[] scatter = new ByteBuffer[2];

    /** The tail; null when the list is empty or was detached. */
    private Node write;
    /** The last flushed node (staged bytes begin at its {@code end}), or the first staged node. */
    private Node stageHead;
    private int staged;
    private boolean session;
    private long flushed;
    /**
     * The last malloc'ed region while it is still the end of the staged bytes (for writeDirect):
     * its node, absolute end and remaining length; null once anything is staged after it.
     */
    private Node region;
    private int regionEnd;
    private int regionLength;

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

    ChainWriter(Chain chain, Pool pool, int nodeSize) {
        this.chain = chain;
        this.pool = pool;
        this.nodeSize = nodeSize;
    }

    private void begin() {
        if (session) {
            return;
        }
        long previous = chain.beginWrite();
        session = true;
        if ((previous & Chain.DETACHED) != 0) {
            write = null;
            stageHead = null;
            chain.start = null;
        }
    }

    private Node link(Node node) {
        if (write == null) {
            chain.start = node;
            stageHead = node;
        } else {
            write.next = node;
        }
        write = node;
        return node;
    }

    /** @return a node with {@code n} contiguous writable bytes at its {@code wi} */
    private Node room(int n) {
        Node x = write;
        if (x != null && x.cap - x.wi >= n) {
            return x;
        }
        return link(Node.allocate(pool, Math.max(n, nodeSize), local()));
    }

    /** @param n bytes, more than 0 */
    public ByteBuffer malloc(int n) {
        begin();
        Node x = room(n);
        ByteBuffer view = x.writerView(x.wi, n);
        x.wi += n;
        staged += n;
        region = x;
        regionEnd = x.wi;
        regionLength = n;
        return view;
    }

    /** Stages a big-endian integer of {@code size} bytes (1, 2, 4 or 8). */
    public void writeNumber(long v, int size) {
        begin();
        Node x = room(size);
        switch (size) {
            case Byte.BYTES -> x.memory.put(x.wi, (byte) v);
            case Short.BYTES -> x.memory.putShort(x.wi, (short) v);
            case Integer.BYTES -> x.memory.putInt(x.wi, (int) v);
            default -> x.memory.putLong(x.wi, v);
        }
        wrote(x, size);
    }

    private void wrote(Node x, int n) {
        x.wi += n;
        staged += n;
        region = null;
    }

    /** Copies {@code b[off..off+n)}, n more than 0. */
    public void write(byte[] b, int off, int n) {
        begin();
        if (n <= nodeSize) {
            Node x = room(n);
            x.memory.put(x.wi, b, off, n);
            wrote(x, n);
            return;
        }
        for (int done = 0; done < n; ) {
            Node x = spill(n - done);
            int len = Math.min(n - done, x.cap - x.wi);
            x.memory.put(x.wi, b, off + done, len);
            wrote(x, len);
            done += len;
        }
    }

    /** Stages {@code src}'s remaining bytes, linking large direct sources; advances its position. */
    public int write(ByteBuffer src) {
        int n = src.remaining();
        if (n == 0) {
            return 0;
        }
        begin();
        if (src.isDirect() && n > LINK_THRESHOLD) {
            link(Node.foreign(src));
            staged += n;
            region = null;
        } else if (n <= nodeSize) {
            Node x = room(n);
            x.memory.put(x.wi, src, src.position(), n);
            wrote(x, n);
        } else {
            for (int done = 0; done < n; ) {
                Node x = spill(n - done);
                int len = Math.min(n - done, x.cap - x.wi);
                x.memory.put(x.wi, src, src.position() + done, len);
                wrote(x, len);
                done += len;
            }
        }
        src.position(src.limit());
        return n;
    }

    /** @return the tail if it has room, else a new node for up to {@code left} bytes */
    private Node spill(int left) {
        Node x = write;
        if (x != null && x.cap > x.wi) {
            return x;
        }
        return link(Node.allocate(pool, Math.min(Math.max(left, nodeSize), MAX_COPY_NODE), local()));
    }

    /**
     * Go's WriteDirect: inserts {@code src} {@code remainCap} bytes before the end of the staged
     * bytes, which must lie in the last malloc'ed region (so a region written past allows only 0:
     * an append at the end).
     */
    public void writeDirect(ByteBuffer src, int remainCap) {
        if (remainCap < 0 || remainCap > (region == null ? 0 : regionLength)) {
            throw new IllegalArgumentException("writeDirect: remainCap " + remainCap + " is outside the last"
                    + " malloc'ed region of " + (region == null ? 0 : regionLength) + " bytes");
        }
        int n = src.remaining();
        if (n == 0) {
            return;
        }
        begin();
        Node data;
        if (src.isDirect()) {
            data = Node.foreign(src);
        } else {
            data = Node.allocate(pool, n, local());
            data.memory.put(0, src, src.position(), n);
            data.wi = n;
            data.cap = n;
        }
        src.position(src.limit());
        staged += n;
        if (region == null) {
            link(data);
            return;
        }
        Node x = region;
        int at = regionEnd - remainCap;
        Node rest = Node.reference(x, at, x.wi);
        rest.cap = x == write ? x.cap : x.wi;
        x.wi = at;
        x.cap = at;
        data.next = rest;
        rest.next = x.next;
        x.next = data;
        if (write == x) {
            write = rest;
        }
        region = rest;
        regionLength = remainCap;
    }

    /** Keeps the first {@code n} staged bytes, 0 &lt;= n &lt;= staged. */
    public void mallocAck(int n) {
        if (n < 0 || n > staged) {
            throw new IllegalArgumentException("mallocAck(" + n + "): only " + staged + " bytes are staged");
        }
        region = null;
        if (n == staged) {
            return;
        }
        int keep = n;
        for (Node x = stageHead; x != null; x = x.next) {
            int from = x == stageHead ? x.end : x.ri;
            if (keep <= x.wi - from) {
                x.wi = from + keep;
                if (!x.ownsMemory()) {
                    x.cap = x.wi;
                }
                freeAfter(x);
                break;
            }
            keep -= x.wi - from;
        }
        staged = n;
    }

    private void freeAfter(Node x) {
        Node n = x.next;
        x.next = null;
        write = x;
        while (n != null) {
            Node after = n.next;
            n.release(pool, local());
            n = after;
        }
    }

    /** Links one unpublished node holding {@code bytes} bytes in after the tail. */
    void appendNode(Node node, int bytes) {
        begin();
        link(node);
        staged = Math.addExact(staged, bytes);
        region = null;
    }

    /** Splices a list of unpublished nodes holding {@code bytes} bytes in after the tail. */
    void appendNodes(Node first, Node last, long bytes) {
        begin();
        link(first);
        write = last;
        staged = Math.addExact(staged, Math.toIntExact(bytes));
        region = null;
    }

    /** Reads from {@code channel} into the tail and publishes what it read. */
    public int readFrom(ScatteringByteChannel channel, int sizeHint) throws IOException {
        if (staged != 0) {
            throw new IllegalStateException("readFrom: " + staged + " staged bytes are not flushed;"
                    + " readFrom must not be mixed with malloc/write before flush");
        }
        begin();
        int want = sizeHint > 0 ? sizeHint : predictor.next();
        Node x = write;
        int room = x == null ? 0 : x.cap - x.wi;
        Node fresh = null;
        long n;
        try {
            if (room >= want) {
                n = channel.read(x.writerIo(x.wi, x.wi + want));
            } else {
                fresh = Node.allocate(pool, want, local());
                ByteBuffer tail = fresh.writerIo(0, want - room);
                if (room > 0) {
                    scatter[0] = x.writerIo(x.wi, x.cap);
                    scatter[1] = tail;
                    n = channel.read(scatter, 0, 2);
                } else {
                    n = channel.read(tail);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (fresh != null) {
                fresh.release(pool, local());
            }
            flush();
            throw e;
        }
        int got = (int) Math.max(0, n);
        int inTail = Math.min(got, room);
        if (inTail > 0) {
            wrote(x, inTail);
        }
        if (fresh != null) {
            if (got > inTail) {
                link(fresh);
                wrote(fresh, got - inTail);
            } else {
                fresh.release(pool, local());
            }
        }
        if (sizeHint <= 0 && n >= 0) {
            predictor.record(got);
        }
        flush();
        return (int) n;
    }

    /** Publishes every staged byte. */
    public void flush() {
        if (!session) {
            return;
        }
        for (Node x = stageHead; x != null; x = x.next) {
            x.end = x.wi;
            x.resetWriterViews();
            if (x == write) {
                break;
            }
        }
        flushed += staged;
        staged = 0;
        region = null;
        stageHead = write;
        session = false;
        chain.publish(flushed, write == null);
    }

    public int staged() {
        return staged;
    }

    long flushedTotal() {
        return flushed;
    }

    boolean inSession() {
        return session;
    }

    /** @return the tail node (owner only, both sides quiescent) */
    Node tail() {
        return write;
    }

    /** Forgets every node (the caller freed them) and staged byte; owner, both sides quiescent. */
    void reset() {
        write = null;
        stageHead = null;
        staged = 0;
        session = false;
        region = null;
        chain.reset(flushed);
    }
}
