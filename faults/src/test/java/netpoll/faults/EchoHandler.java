package netpoll.faults;

import java.nio.ByteBuffer;
import netpoll.api.Connection;
import netpoll.api.EventLoopOptions;
import netpoll.api.OnRequest;

/**
 * Echo handlers in RPC mode (on a worker, the request decoded into its own memory, the response
 * encoded into memory the connection lends, then flushed).
 *
 * <p>{@link #ECHO} is the handler of the example echo server ({@code netpoll.examples.EchoServer}),
 * a test-local copy until the examples expose it: it blocks in its reads until the whole frame is
 * there, so each peer that sends a frame slowly parks one worker. {@link #FRAMED} is the same
 * echo written not to wait: it returns until the whole frame is buffered (the event loop calls it
 * again when more bytes arrive), so slow peers park no worker at all; the slowloris fault shows
 * the difference.
 */
final class EchoHandler {

    /**
     * The longest frame {@link #FRAMED} waits for: what fits under the default input cap. A
     * longer or negative length is read at once, so the connection is closed with the reason
     * instead of the handler waiting for bytes that can never be buffered.
     */
    static final int MAX_FRAME = EventLoopOptions.DEFAULT_MAX_INPUT_BYTES - Integer.BYTES;

    private EchoHandler() {
    }

    /** The handler. */
    static final OnRequest<Object> ECHO = (ctx, conn) -> handle(conn);

    /** The same echo, called again by the event loop until a whole frame is buffered. */
    static final OnRequest<Object> FRAMED = (ctx, conn) -> {
        if (conn.length() < Integer.BYTES) {
            return;
        }
        int length = conn.peek(Integer.BYTES).getInt(0);
        if (length >= 0 && length <= MAX_FRAME && conn.length() < Integer.BYTES + length) {
            return;
        }
        handle(conn);
    };

    private static void handle(Connection conn) throws Exception {
        int length = conn.readInt();
        byte[] message = conn.readBinary(length);
        conn.release();
        ByteBuffer out = conn.malloc(Integer.BYTES + length);
        out.putInt(length).put(message);
        conn.flush();
    }
}
