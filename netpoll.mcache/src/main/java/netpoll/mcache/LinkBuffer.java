package netpoll.mcache;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import netpoll.api.ReadWriter;
import netpoll.api.Writer;
import netpoll.mcache.internal.ChainReader;
import netpoll.mcache.internal.ChainWriter;
import netpoll.mcache.internal.NodeList;

/**
 * The nocopy {@link ReadWriter}: a linked list of pooled direct-memory nodes, Go netpoll's
 * {@code LinkBuffer}.
 *
 * <h2>Semantics</h2>
 * Every {@link netpoll.api.Reader} and {@link Writer} method behaves as its javadoc says, with
 * these LinkBuffer specifics:
 * <ul>
 * <li>Standalone: a read that needs more bytes than are readable throws {@link EOFException} at
 *     once and consumes nothing (nothing else could arrive while it waited).</li>
 * <li>{@link #next}, {@link #peek} and {@link #until} return a view of the node's memory when the
 *     bytes lie in one node, and one pooled copy when they span nodes. Views are reused for the
 *     same region after {@link #release()}, so steady traffic makes no garbage.</li>
 * <li>{@link #slice} is zero-copy: the slice's nodes point into this buffer's memory, which stays
 *     alive (reference counted) until the slice and this buffer have both released it. The slice
 *     is a standalone {@code LinkBuffer}: release or {@link #close()} it when done.</li>
 * <li>{@link #writeBinary(ByteBuffer)} links a <b>direct</b> source larger than
 *     {@value ChainWriter#LINK_THRESHOLD} bytes in without copying, as Go does; on a LinkBuffer the
 *     reader reads later, so such a source must stay unchanged until the reader has released its
 *     bytes (on a connection, until {@code flush()} returns). Heap sources ({@code byte[]} and heap
 *     buffers) are always copied into pooled direct memory, as is a heap source of
 *     {@link #writeDirect}: a heap buffer on the socket path would make the JDK copy it into a
 *     hidden temporary direct buffer anyway.</li>
 * <li>{@link #writeDirect} inserts the source {@code remainCap} bytes before the end of the staged
 *     bytes, as Go does; those bytes must lie in the last malloc'ed region, so once anything is
 *     staged after that region only {@code remainCap == 0} (an append) is accepted.</li>
 * <li>{@link #append} takes a {@code LinkBuffer}'s unread <i>and</i> staged bytes (flushed or not),
 *     in order, as staged bytes of this buffer; the other buffer is empty afterwards and its views
 *     are invalid.</li>
 * <li>An idle buffer holds no memory: when {@link #release()} (or {@link #writeTo}) leaves nothing
 *     readable and nothing staged, every node goes back to the {@link Mcache}, so an idle connection
 *     costs nothing here.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * One reader thread and one writer thread may work at once (a poller fills the buffer with
 * {@link #readFrom} while a worker reads; a worker stages and flushes while a poller drains it with
 * {@link #writeTo}). The protocol:
 * <ul>
 * <li>The reader owns the consumed end of the list (read indexes, release of consumed nodes); the
 *     writer owns the staged end (write indexes, new nodes). They share one atomic word holding
 *     the total of flushed bytes and two flags, plus each node's flushed end and next link.</li>
 * <li>{@link #flush()} sets the flushed end of each staged node and then publishes the new total
 *     with a <b>release</b> store; the reader loads the total with <b>acquire</b> and never reads
 *     past it, so every byte and link it reads was written before the flush.</li>
 * <li>The writer marks the word "staging" (an atomic or) at its first staging operation after a
 *     flush. The reader gives the last node back (making the buffer idle) only with a CAS that
 *     succeeds when nothing is staged and every flushed byte was consumed; a writer that then finds
 *     the idle flag starts a new list. So the tail is never freed under the writer.</li>
 * </ul>
 * {@link #length()} and {@link #isEmpty()} may be called from any thread (answers may be stale at
 * once). {@link #close()} must be called when neither side is working, and {@link #append} with
 * both buffers owned by the calling thread.
 */
public final class LinkBuffer implements ReadWriter, AutoCloseable {

    /** The default size of nodes allocated for small writes: 4 KiB. */
    public static final int DEFAULT_NODE_SIZE = 4096;

    /**
     * What reads of 0 bytes return. Read-only, and a different object from {@link #EMPTY_REGION},
     * so that {@code malloc(0).put(next(0))} (an echo of an empty frame) copies nothing instead of
     * failing with "the source buffer is this buffer".
     */
    private static final ByteBuffer EMPTY_VIEW = ByteBuffer.allocateDirect(0).asReadOnlyBuffer();
    /** What {@code malloc(0)} returns. */
    private static final ByteBuffer EMPTY_REGION = ByteBuffer.allocateDirect(0);

    private final Mcache cache;
    private final int nodeSize;
    private final NodeList list;
    private final ChainReader reader;
    private final ChainWriter writer;
    /** Set by close(); plain: close happens-after the last use by contract. */
    private boolean closed;

    /** An empty buffer on the {@linkplain Mcache#defaultCache() default cache} with 4 KiB nodes. */
    public LinkBuffer() {
        this(Mcache.defaultCache(), DEFAULT_NODE_SIZE);
    }

    /**
     * @param initialNodeSize the size of nodes allocated for small writes; 0 for the default
     */
    public LinkBuffer(int initialNodeSize) {
        this(Mcache.defaultCache(), initialNodeSize);
    }

    /**
     * @param cache where the nodes come from
     */
    public LinkBuffer(Mcache cache) {
        this(cache, DEFAULT_NODE_SIZE);
    }

    /**
     * @param cache where the nodes come from
     * @param initialNodeSize the size of nodes allocated for small writes; 0 for the default
     */
    public LinkBuffer(Mcache cache, int initialNodeSize) {
        if (cache == null) {
            throw new IllegalArgumentException("LinkBuffer: null Mcache");
        }
        if (initialNodeSize < 0) {
            throw new IllegalArgumentException("LinkBuffer: negative node size " + initialNodeSize);
        }
        this.cache = cache;
        this.nodeSize = initialNodeSize == 0 ? DEFAULT_NODE_SIZE : initialNodeSize;
        this.list = new NodeList(cache.pool(), nodeSize);
        this.reader = list.reader;
        this.writer = list.writer;
    }

    // ------------------------------------------------------------------ reader

    @Override
    public ByteBuffer next(int n) throws IOException {
        if (need(n, "next")) {
            return EMPTY_VIEW;
        }
        return reader.view(n, true);
    }

    @Override
    public ByteBuffer peek(int n) throws IOException {
        if (need(n, "peek")) {
            return EMPTY_VIEW;
        }
        return reader.view(n, false);
    }

    @Override
    public void skip(int n) throws IOException {
        if (!need(n, "skip")) {
            reader.skip(n);
        }
    }

    @Override
    public ByteBuffer until(byte delim) throws IOException {
        open();
        long index = reader.indexOf(delim);
        if (index < 0) {
            throw new EOFException("until(" + delim + "): the delimiter is not among the " + reader.length()
                    + " readable bytes");
        }
        return reader.view((int) index + 1, true);
    }

    @Override
    public String readString(int n, Charset charset) throws IOException {
        return new String(readBinary(n), charset);
    }

    @Override
    public byte[] readBinary(int n) throws IOException {
        if (need(n, "readBinary")) {
            return new byte[0];
        }
        return reader.readBytes(n);
    }

    @Override
    public byte readByte() throws IOException {
        need(1, "readByte");
        return reader.readByte();
    }

    @Override
    public short readShort() throws IOException {
        need(Short.BYTES, "readShort");
        return (short) reader.readNumber(Short.BYTES);
    }

    @Override
    public int readInt() throws IOException {
        need(Integer.BYTES, "readInt");
        return (int) reader.readNumber(Integer.BYTES);
    }

    @Override
    public long readLong() throws IOException {
        need(Long.BYTES, "readLong");
        return reader.readNumber(Long.BYTES);
    }

    /**
     * {@inheritDoc} The slice is a {@code LinkBuffer} on the same cache; {@link #close()} it to drop
     * bytes it did not read.
     */
    @Override
    public LinkBuffer slice(int n) throws IOException {
        need(n, "slice");
        LinkBuffer slice = new LinkBuffer(cache, nodeSize);
        if (n > 0) {
            reader.sliceInto(n, slice.writer);
            slice.writer.flush();
        }
        reader.release();
        return slice;
    }

    @Override
    public void release() {
        open();
        reader.release();
    }

    @Override
    public int length() {
        return reader.length();
    }

    // ------------------------------------------------------------------ writer

    @Override
    public ByteBuffer malloc(int n) {
        if (stage(n, "malloc")) {
            return EMPTY_REGION;
        }
        return writer.malloc(n);
    }

    @Override
    public int writeString(String s, Charset charset) {
        open();
        if (s.isEmpty()) {
            return 0;
        }
        return writeBinary(s.getBytes(charset == null ? StandardCharsets.UTF_8 : charset));
    }

    @Override
    public int writeBinary(byte[] b) {
        open();
        if (b.length > 0) {
            writer.write(b, 0, b.length);
        }
        return b.length;
    }

    @Override
    public int writeBinary(ByteBuffer src) {
        open();
        return writer.write(src);
    }

    @Override
    public void writeByte(byte b) {
        open();
        writer.writeNumber(b, 1);
    }

    @Override
    public void writeShort(short v) {
        open();
        writer.writeNumber(v, Short.BYTES);
    }

    @Override
    public void writeInt(int v) {
        open();
        writer.writeNumber(v, Integer.BYTES);
    }

    @Override
    public void writeLong(long v) {
        open();
        writer.writeNumber(v, Long.BYTES);
    }

    @Override
    public void writeDirect(ByteBuffer src, int remainCap) {
        open();
        writer.writeDirect(src, remainCap);
    }

    @Override
    public void mallocAck(int n) {
        open();
        writer.mallocAck(n);
    }

    /**
     * {@inheritDoc} Takes {@code other}'s unread bytes too (see the class comment). When
     * {@code other} draws on another {@link Mcache}, its bytes are copied instead (a node must go
     * back to the cache it came from), so the call still succeeds.
     *
     * @throws IllegalArgumentException when {@code other} is this buffer or not a {@code LinkBuffer}
     */
    @Override
    public void append(Writer other) {
        open();
        if (!(other instanceof LinkBuffer) || other == this) {
            throw new IllegalArgumentException("append: " + (other == this ? "a LinkBuffer cannot append itself"
                    : "only a LinkBuffer can be appended, not " + (other == null ? "null" : other.getClass().getName())));
        }
        LinkBuffer o = (LinkBuffer) other;
        o.open();
        if (o.cache.pool() != cache.pool()) {
            copyFrom(o);
            return;
        }
        list.appendFrom(o.list);
    }

    /** append across caches: stages a copy of every byte of {@code o} and empties it. */
    private void copyFrom(LinkBuffer o) {
        o.flush();
        int n = o.length();
        if (n > 0) {
            try {
                malloc(n).put(o.next(n));
            } catch (IOException e) {
                throw new IllegalStateException("append: " + n + " readable bytes could not be read", e);
            }
        }
        o.release();
    }

    @Override
    public void flush() {
        open();
        writer.flush();
    }

    @Override
    public int mallocLength() {
        return writer.staged();
    }

    // ------------------------------------------------------------------ transport

    /**
     * Writer side: reads from {@code channel} into pooled direct memory at the tail, at most
     * {@code sizeHint} bytes, and makes what it read readable at once (as a flush does). With
     * {@code sizeHint} 0 the size adapts to what recent reads brought (from 512 B to 64 KiB), so a
     * 1 KiB message does not take 64 KiB. Not to be mixed with staged, unflushed bytes.
     *
     * @param channel the channel to read from
     * @param sizeHint the most bytes to read, or 0 for the adaptive size
     * @return bytes read, 0, or -1 at end of stream
     * @throws IOException from the channel (nothing is kept from a failed read)
     * @throws IllegalStateException when bytes are staged and not flushed
     */
    public int readFrom(ScatteringByteChannel channel, int sizeHint) throws IOException {
        open();
        if (sizeHint < 0) {
            throw new IllegalArgumentException("readFrom: negative size hint " + sizeHint);
        }
        return writer.readFrom(channel, sizeHint);
    }

    /**
     * Reader side: one gather write of the readable (flushed) bytes; consumes and releases what was
     * written (so earlier views become invalid) and keeps the rest readable.
     *
     * @param channel the channel to write to
     * @return bytes written, 0 when the channel took none (a full socket) or nothing was readable
     * @throws IOException from the channel
     */
    public long writeTo(GatheringByteChannel channel) throws IOException {
        open();
        return reader.writeTo(channel);
    }

    /**
     * @return whether nothing is readable and nothing is staged (exact on the owning threads, a
     *     hint elsewhere)
     */
    public boolean isEmpty() {
        return reader.length() == 0 && !list.writing();
    }

    /**
     * Frees every node; later use throws {@link IllegalStateException}. Idempotent. Call it when
     * neither side is working.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            list.freeAll();
        }
    }

    @Override
    public String toString() {
        return "LinkBuffer[readable=" + length() + ", staged=" + mallocLength() + (closed ? ", closed]" : "]");
    }

    // ------------------------------------------------------------------ checks

    private void open() {
        if (closed) {
            throw new IllegalStateException("LinkBuffer is closed");
        }
    }

    /** @return true when n is 0 (an empty result); throws unless n bytes are readable */
    private boolean need(int n, String op) throws EOFException {
        open();
        if (n < 0) {
            throw new IllegalArgumentException(op + ": negative length " + n);
        }
        if (!reader.ensure(n)) {
            throw new EOFException(op + "(" + n + "): only " + reader.length() + " bytes are readable");
        }
        return n == 0;
    }

    /** @return true when n is 0 (nothing to stage) */
    private boolean stage(int n, String op) {
        open();
        if (n < 0) {
            throw new IllegalArgumentException(op + ": negative length " + n);
        }
        return n == 0;
    }
}
