package netpoll.examples;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.Netpoll;
import netpoll.mcache.LinkBuffer;
import netpoll.mux.ShardQueue;

/**
 * Many threads share one connection: each adds its request to a {@link ShardQueue}, and the
 * responses, which may come back in any order, are matched to their callers by the text they
 * echo.
 *
 * <pre>java -cp examples/target/netpoll-examples.jar netpoll.examples.MuxClient [host:port]</pre>
 *
 * Start {@link MuxServer} first.
 */
public final class MuxClient {

    private static final int CALLERS = 8;

    private MuxClient() {
    }

    /**
     * @param args optionally the server's address ({@code 127.0.0.1:8080})
     * @throws Exception when the server cannot be reached or does not answer in time
     */
    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : EchoServer.DEFAULT_ADDRESS;
        Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

        try (Connection conn = Netpoll.dialConnection("tcp", address, Duration.ofSeconds(1))) {
            // Responses are read event-driven, on a worker, whenever input arrives.
            conn.setOnRequest((Object context, Connection c) -> {
                String echo = c.readString(c.readInt());
                c.release();
                CompletableFuture<String> caller = waiting.remove(echo);
                if (caller != null) {
                    caller.complete(echo);
                }
            }, null);
            ShardQueue queue = new ShardQueue(conn, Runtime.getRuntime().availableProcessors());

            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String request = "request from caller " + i;
                Thread caller = new Thread(() -> {
                    CompletableFuture<String> answer = new CompletableFuture<>();
                    waiting.put(request, answer);
                    byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
                    LinkBuffer frame = new LinkBuffer();   // each caller encodes into its own buffer
                    frame.writeInt(bytes.length);
                    frame.writeBinary(bytes);
                    try {
                        queue.add(frame);                  // and the queue shares the connection
                        System.out.println("echo: " + answer.get(1, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        System.out.println("no echo for \"" + request + "\": " + e);
                    }
                });
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join(TimeUnit.SECONDS.toMillis(2));
            }
        } // closing the connection closes its shard queue too
    }
}
