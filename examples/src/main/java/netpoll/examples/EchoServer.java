package netpoll.examples;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.Listener;
import netpoll.api.Netpoll;

/**
 * The smallest netpoll server: echoes messages framed as a 4-byte big-endian length and a
 * payload (the protocol of the benchmarks).
 *
 * <pre>java -cp examples/target/netpoll-examples.jar netpoll.examples.EchoServer [host:port]
 * java -cp examples/target/netpoll-examples.jar netpoll.examples.EchoServer unix /tmp/echo.sock</pre>
 *
 * Stop it with Ctrl-C. {@link EchoClient} talks to it.
 */
public final class EchoServer {

    static final String DEFAULT_ADDRESS = "127.0.0.1:8080";

    private EchoServer() {
    }

    /**
     * @param args optionally the address to listen on, in Go's form ({@code 127.0.0.1:8080}),
     *     or a network and an address ({@code unix /tmp/echo.sock})
     * @throws Exception when the address cannot be bound
     */
    public static void main(String[] args) throws Exception {
        String network = args.length > 1 ? args[0] : "tcp";
        String address = args.length > 1 ? args[1] : args.length > 0 ? args[0] : DEFAULT_ADDRESS;

        // A listener is a bound server socket; the network and the address read as in Go.
        Listener listener = Netpoll.createListener(network, address);

        // The event loop calls the handler on a pooled worker whenever a connection has input,
        // never two at a time for one connection. Idle connections hold no thread.
        EventLoop loop = Netpoll.newEventLoop(EchoServer::handle);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.shutdown(Duration.ofSeconds(1));   // stop accepting, let handlers finish
            stopped.countDown();
        }));
        System.out.println("echo server listening on " + listener.localAddress());
        loop.serve(listener);   // blocks until shutdown
        stopped.await();
    }

    /** Handles the input of one connection: one message per call; the loop calls again for more. */
    static void handle(Object context, Connection conn) throws Exception {
        int length = conn.readInt();             // blocks until 4 bytes are buffered
        byte[] message = conn.readBinary(length); // a copy: the request in our own memory
        conn.release();                           // give the consumed input buffers back

        // Encode the response into memory the connection lends us, then send it.
        ByteBuffer out = conn.malloc(Integer.BYTES + length);
        out.putInt(length).put(message);
        conn.flush();
    }
}
