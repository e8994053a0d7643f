package netpoll.mcache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One node of a LinkBuffer's list: a region of memory with a read index, a flushed end, a write
 * index and a writable end, all absolute indices into {@link #memory}.
 *
 * <p>Three kinds: a <b>pooled</b> node owns a chunk of an {@link Pool} and lives with it (the node
 * object is attached to the chunk and reused with it, so steady traffic makes no node garbage);
 * a <b>foreign</b> node wraps caller memory linked in without copying; a <b>reference</b> node
 * (a slice, or the far side of a {@code writeDirect} split) points into the memory of an
 * {@link #origin} node and holds one count of its reference count. Memory goes back to the pool
 * when the count of its owner node reaches zero.
 *
 * <p>Thread contract: {@code ri} and the reader's views belong to the reader; {@code wi},
 * {@code cap} and the writer's views belong to the writer; {@code end} and {@code next} are
 * written by the writer before the flush that publishes them (release) and read by the reader
 * after it has seen that flush (acquire), so a reader that only reads published bytes may read them
 * plainly. {@link #refs} is changed with atomics by whichever thread releases a reference.
 */
public final class Node {

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Node.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The memory; its position and limit are never changed (absolute access only). */
    final ByteBuffer memory;
    /** The pooled or large chunk this node owns, or null (foreign and reference nodes). */
    private final Chunk chunk;
    /** For reference nodes: the node that owns the memory; else null. Reader of the holder only. */
    private Node origin;
    /** References to this node's memory (owners only); atomics. */
    private int refs;

    /** Reader: next byte to read. */
    int ri;
    /** Writer, published by flush: end of the readable bytes. */
    int end;
    /** Writer: end of the staged bytes. */
    int wi;
    /** Writer: end of the writable region. */
    int cap;
    /** Writer, published by flush: the next node. */
    Node next;

    private ViewCache readerViews;
    private ViewCache writerViews;
    private ByteBuffer readerIo;
    private ByteBuffer writerIo;

    private Node(ByteBuffer memory, Chunk chunk, Node origin) {
        this.memory = memory;
        this.chunk = chunk;
        this.origin = origin;
    }

    /**
     * @return a pooled node of at least {@code size} writable bytes, empty
     */
    static Node allocate(Pool pool, int size) {
        return allocate(pool, size, null);
    }

    /**
     * @param local the calling thread's cache, or null to look it up
     * @return a pooled node of at least {@code size} writable bytes, empty
     */
    static Node allocate(Pool pool, int size, ThreadCache local) {
        Chunk c = pool.allocate(size, local);
        Node n = (Node) c.attachment();
        if (n == null) {
            n = new Node(c.buffer, c, null);
            c.attach(n);
        }
        n.reset(0, c.buffer.capacity());
        n.refs = 1;
        return n;
    }

    /**
     * @return a node that links {@code src}'s remaining bytes in without copying
     */
    static Node foreign(ByteBuffer src) {
        ByteBuffer memory = src.slice().order(ByteOrder.BIG_ENDIAN);
        Node n = new Node(memory, null, null);
        n.reset(0, memory.capacity());
        n.wi = n.cap;
        n.refs = 1;
        return n;
    }

    /**
     * @return a node over bytes {@code from..to} of {@code node}'s memory, holding a reference on
     *     its owner; read-only (its writable end is {@code to})
     */
    static Node reference(Node node, int from, int to) {
        Node owner = node.origin != null ? node.origin : node;
        REFS.getAndAdd(owner, 1);
        Node n = new Node(owner.memory, null, owner);
        n.reset(from, to);
        n.wi = to;
        return n;
    }

    private void reset(int start, int capacity) {
        ri = start;
        end = start;
        wi = start;
        cap = capacity;
        next = null;
        if (readerViews != null) {
            readerViews.reset();
        }
        if (writerViews != null) {
            writerViews.reset();
        }
    }

    /** Drops this node's hold on its memory; the node must not be used afterwards. */
    void release(Pool pool) {
        release(pool, null);
    }

    /**
     * Drops this node's hold on its memory; the node must not be used afterwards.
     *
     * @param local the calling thread's cache, or null to look it up
     */
    void release(Pool pool, ThreadCache local) {
        Node owner = origin;
        if (owner != null) {
            origin = null;
            owner.releaseRef(pool, local);
        } else {
            releaseRef(pool, local);
        }
    }

    private void releaseRef(Pool pool, ThreadCache local) {
        // Sole holder: no other thread holds a reference, so none can take one concurrently.
        if ((int) REFS.getAcquire(this) == 1) {
            refs = 0;
        } else if ((int) REFS.getAndAdd(this, -1) != 1) {
            return;
        }
        if (chunk != null) {
            pool.release(chunk, local);
        }
    }

    /** Whether the writer may write past {@link #wi} up to {@link #cap}: memory this chain owns. */
    boolean ownsMemory() {
        return chunk != null;
    }

    ByteBuffer readerView(int index, int length) {
        if (readerViews == null) {
            readerViews = new ViewCache();
        }
        return readerViews.view(memory, index, length);
    }

    ByteBuffer writerView(int index, int length) {
        if (writerViews == null) {
            writerViews = new ViewCache();
        }
        return writerViews.view(memory, index, length);
    }

    void resetReaderViews() {
        if (readerViews != null) {
            readerViews.reset();
        }
    }

    void resetWriterViews() {
        if (writerViews != null) {
            writerViews.reset();
        }
    }

    /** @return the reader's channel buffer over {@code from..to} (reused) */
    ByteBuffer readerIo(int from, int to) {
        if (readerIo == null) {
            readerIo = memory.duplicate();
        }
        readerIo.limit(to).position(from);
        return readerIo;
    }

    /** @return the writer's channel buffer over {@code from..to} (reused) */
    ByteBuffer writerIo(int from, int to) {
        if (writerIo == null) {
            writerIo = memory.duplicate();
        }
        writerIo.limit(to).position(from);
        return writerIo;
    }
}
