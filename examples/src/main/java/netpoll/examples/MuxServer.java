package netpoll.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import netpoll.api.Connection;
import netpoll.api.ConnectionClosedException;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.api.Reader;
import netpoll.mcache.LinkBuffer;
import netpoll.mux.ShardQueue;

/**
 * An echo server for multiplexed connections: many requests of one connection are handled at
 * the same time, and their responses share the connection through a {@link ShardQueue}.
 *
 * <pre>java -cp examples/target/netpoll-examples.jar netpoll.examples.MuxServer [host:port]</pre>
 *
 * {@link MuxClient} talks to it; so does {@link EchoClient} (one request at a time).
 */
public final class MuxServer {

    private MuxServer() {
    }

    /**
     * @param args optionally the address to listen on ({@code 127.0.0.1:8080})
     * @throws Exception when the address cannot be bound
     */
    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : EchoServer.DEFAULT_ADDRESS;
        ExecutorService handlers = Executors.newCachedThreadPool();

        // Each connection gets its own write queue when it is accepted: the context that the
        // event loop hands to every later callback of that connection.
        EventLoopOptions<ShardQueue> options = EventLoopOptions.<ShardQueue>builder()
                .onPrepare(conn -> new ShardQueue(conn, Runtime.getRuntime().availableProcessors()))
                .build();

        // The request handler only cuts the next whole message off the input, without copying,
        // and lets another thread do the work, so the next message can be cut at once.
        EventLoop loop = Netpoll.newEventLoop((ShardQueue queue, Connection conn) -> {
            int length = conn.peek(Integer.BYTES).getInt(0);
            Reader message = conn.slice(Integer.BYTES + length);
            handlers.execute(() -> answer(queue, message));
        }, options);

        Listener listener = Netpoll.createListener("tcp", address);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.shutdown(Duration.ofSeconds(1));
            handlers.shutdown();
            stopped.countDown();
        }));
        System.out.println("mux echo server listening on " + listener.localAddress());
        loop.serve(listener);
        stopped.await();
    }

    /** Decodes one message, encodes its echo into a buffer of its own, and queues it. */
    private static void answer(ShardQueue queue, Reader message) {
        byte[] payload;
        try {
            payload = message.readBinary(message.readInt());
        } catch (IOException e) {
            throw new IllegalStateException("a sliced message is whole, yet reading it failed", e);
        } finally {
            message.release();   // the slice owns its memory: give it back
        }
        LinkBuffer response = new LinkBuffer();
        response.writeInt(payload.length);
        response.writeBinary(payload);
        try {
            queue.add(response); // safe from any thread; the queue splices it in without a copy
        } catch (ConnectionClosedException e) {
            response.close();    // the client left meanwhile: drop the answer, free its buffer
        }
    }
}
