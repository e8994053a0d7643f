package netpoll.examples;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.api.OnRequest;

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
        EventLoop loop = Netpoll.newEventLoop(handler(EventLoopOptions.DEFAULT_MAX_INPUT_BYTES));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.shutdown(Duration.ofSeconds(1));   // stop accepting, let handlers finish
            stopped.countDown();
        }));
        System.out.println("echo server listening on " + listener.localAddress());
        loop.serve(listener);   // blocks until shutdown
        stopped.await();
    }

    /**
     * The echo handler. It answers one message when a whole one is buffered and otherwise
     * returns at once; the loop calls it again when more bytes arrive. So a peer that sends its
     * message a byte at a time (slowloris) holds no worker while it does. A length that could
     * never be buffered (negative, or more than the input cap leaves room for) is read at once, so
     * its connection is closed with the reason instead of waiting for bytes the cap keeps out.
     *
     * @param maxInputBytes the event loop's input cap ({@link EventLoopOptions#maxInputBytes()})
     * @return the handler
     */
    public static OnRequest<Object> handler(int maxInputBytes) {
        int maxMessage = maxInputBytes - Integer.BYTES;
        return (context, conn) -> {
            if (conn.length() < Integer.BYTES) {
                return;
            }
            int announced = conn.peek(Integer.BYTES).getInt(0); // a view: nothing consumed yet
            if (announced >= 0 && announced <= maxMessage && conn.length() < Integer.BYTES + announced) {
                return;
            }
            echo(conn);
        };
    }

    /** Answers the message at the head of the input (blocks until it is all there). */
    private static void echo(Connection conn) throws Exception {
        int length = conn.readInt();
        byte[] message = conn.readBinary(length); // a copy: the request in our own memory
        conn.release();                           // give the consumed input buffers back

        // Encode the response into memory the connection lends us, then send it.
        ByteBuffer out = conn.malloc(Integer.BYTES + length);
        out.putInt(length).put(message);
        conn.flush();
    }
}
