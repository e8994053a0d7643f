package netpoll.faults;

import java.nio.ByteBuffer;
import netpoll.api.Connection;
import netpoll.api.OnRequest;
import netpoll.examples.EchoServer;

/**
 * The handlers the faults are tried against.
 *
 * <p>By default a {@link ServerUnderTest} serves the example echo server's own handler
 * ({@link EchoServer#handler}): it returns until a whole frame is buffered (the event loop calls it
 * again when more bytes arrive), so slow peers park no worker. {@link #BLOCKING} is the same echo written the naive way, blocking in its
 * reads until the frame is whole, so each peer that sends a frame slowly parks one worker; the
 * slowloris faults show the difference, and what a read timeout does for such a handler.
 */
final class EchoHandler {

    private EchoHandler() {
    }

    /** An echo that blocks in its reads until the whole frame is there. */
    static final OnRequest<Object> BLOCKING = (ctx, conn) -> blockingEcho(conn);

    private static void blockingEcho(Connection conn) throws Exception {
        int length = conn.readInt();
        byte[] message = conn.readBinary(length);
        conn.release();
        ByteBuffer out = conn.malloc(Integer.BYTES + length);
        out.putInt(length).put(message);
        conn.flush();
    }
}
