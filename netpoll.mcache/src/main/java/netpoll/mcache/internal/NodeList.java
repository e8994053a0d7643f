package netpoll.mcache.internal;

/**
 * The node list of one LinkBuffer: the shared {@link Chain} word with its {@link ChainReader} and
 * {@link ChainWriter}, and the operations that need both sides at once (append, close), which
 * run only when the caller owns both sides.
 *
 * <p>Thread contract: {@link #reader} is used by the buffer's reader thread, {@link #writer} by its
 * writer thread; {@link #takeAll}, {@link #appendFrom} and {@link #freeAll} by a thread that owns
 * both sides of the list(s) involved.
 */
public final class NodeList {

    private final Pool pool;
    private final Chain chain = new Chain();
    /** The read side. */
    public final ChainReader reader;
    /** The write side. */
    public final ChainWriter writer;

    /**
     * @param pool where nodes come from
     * @param nodeSize the size of nodes allocated for small writes
     */
    public NodeList(Pool pool, int nodeSize) {
        this.pool = pool;
        this.reader = new ChainReader(chain, pool);
        this.writer = new ChainWriter(chain, pool, nodeSize);
    }

    /** @return whether the writer has staged bytes (exact on the writer thread, a hint elsewhere) */
    public boolean writing() {
        return chain.writing() && writer.staged() > 0;
    }

    /**
     * Moves every unread and staged byte of {@code other} to the end of this list's staged bytes
     * without copying; {@code other} is empty (and holds no node) afterwards.
     *
     * @param other another list, both of whose sides the caller owns
     */
    public void appendFrom(NodeList other) {
        long bytes = other.reader.available() + other.writer.staged();
        Node last = other.writer.tail();
        Node first = other.reader.takeUnread(other.writer.inSession());
        other.reader.consumeAll(other.writer.flushedTotal());
        other.writer.reset();
        if (first == null) {
            return;
        }
        if (bytes == 0) {
            for (Node n = first; n != null; ) {
                Node after = n.next;
                n.release(pool);
                n = after;
            }
            return;
        }
        for (Node n = first; ; n = n.next) {
            n.end = n.ri;
            n.resetReaderViews();
            n.resetWriterViews();
            if (n == last) {
                break;
            }
        }
        writer.appendNodes(first, last, bytes);
    }

    /** Frees every node and forgets every byte; the caller owns both sides. */
    public void freeAll() {
        Node first = reader.takeUnread(writer.inSession());
        reader.consumeAll(writer.flushedTotal());
        for (Node n = first; n != null; ) {
            Node after = n.next;
            n.release(pool);
            n = after;
        }
        writer.reset();
    }
}
