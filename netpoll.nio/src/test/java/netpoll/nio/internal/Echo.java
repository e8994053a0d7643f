package netpoll.nio.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import netpoll.api.Connection;
import netpoll.api.OnRequest;

/** The echo wire protocol of the design: a 4-byte big-endian length, then that many bytes. */
final class Echo {

    private Echo() {
    }

    /** Reads one request (blocking until whole) and writes a new response with the same payload. */
    static final OnRequest<Object> HANDLER = (ctx, c) -> {
        int n = c.readInt();
        ByteBuffer payload = c.next(n);
        c.writeInt(n);
        c.malloc(n).put(payload);
        c.release();
        c.flush();
    };

    static byte[] payload(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    static void send(Connection c, byte[] payload) throws IOException {
        c.writeInt(payload.length);
        c.writeBinary(payload.clone());
        c.flush();
    }

    static byte[] receive(Connection c) throws IOException {
        int n = c.readInt();
        byte[] b = c.readBinary(n);
        c.release();
        return b;
    }
}
