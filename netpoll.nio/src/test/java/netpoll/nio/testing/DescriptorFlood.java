package netpoll.nio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Floods an echo server that runs in a {@link ChildJvm} under a low {@code ulimit -n} past its
 * limit, and checks what a server must do when descriptors run out: its existing connections are
 * answered throughout, the connections past the limit wait in the backlog, and they are accepted
 * and answered once descriptors free up (closing the served ones frees them, in rounds).
 *
 * <p>The server answers the benchmarks' echo protocol: a 4-byte big-endian length, then the
 * payload. Thread contract: one test thread.
 */
public final class DescriptorFlood {

    /** Connections served before, during and after the flood. */
    private static final int BASE = 8;
    private static final int FRAME = 8;
    private static final int MAX_RECOVERY_ROUNDS = 5;

    private final ChildJvm child;
    private final InetSocketAddress address;
    private final long quietMillis;
    private final long answerMillis;

    /**
     * @param child the server's JVM
     * @param address where the server listens
     * @param quietMillis no new answer for this long: the server has accepted all it can
     * @param answerMillis how long answers may take in all
     */
    public DescriptorFlood(ChildJvm child, InetSocketAddress address, long quietMillis, long answerMillis) {
        this.child = child;
        this.address = address;
        this.quietMillis = quietMillis;
        this.answerMillis = answerMillis;
    }

    /** What happened, with the server's resource use before the flood, at its height and after. */
    public record Outcome(int limit, int flood, int servedAtOnce, int waited, int rounds, ChildJvm.Usage before,
                          ChildJvm.Usage exhausted, ChildJvm.Usage after) {
        @Override
        public String toString() {
            return String.format("ulimit -n %d, %d connections: %d served at once, %d waited in the backlog and were"
                    + " accepted and answered in %d round(s) of freeing descriptors; the existing connections were"
                    + " answered throughout; server before: %s; exhausted: %s; after: %s", limit, flood, servedAtOnce,
                    waited, rounds, before, exhausted, after);
        }

        /** @return this outcome with the server's use measured later (once it settled) */
        public Outcome withAfter(ChildJvm.Usage later) {
            return new Outcome(limit, flood, servedAtOnce, waited, rounds, before, exhausted, later);
        }
    }

    /** A plain non-blocking client socket that sends one 4-byte request at a time. */
    private static final class Client {
        final SocketChannel channel;
        final int id;
        final ByteBuffer answer = ByteBuffer.allocate(FRAME);
        boolean answered;

        Client(InetSocketAddress address, int id, Selector selector) throws IOException {
            this.channel = SocketChannel.open(address);
            this.id = id;
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        void ask() throws IOException {
            answered = false;
            answer.clear();
            ByteBuffer request = ByteBuffer.allocate(FRAME).putInt(Integer.BYTES).putInt(id).flip();
            while (request.hasRemaining()) {
                channel.write(request);
            }
        }

        /** Reads what arrived; @return true when this read completed the answer */
        boolean read() throws IOException {
            if (channel.read(answer) < 0) {
                throw new IOException("client " + id + ": the server closed the connection");
            }
            if (answer.hasRemaining()) {
                return false;
            }
            answer.flip();
            assertEquals(Integer.BYTES, answer.getInt(), "length of the answer to client " + id);
            assertEquals(id, answer.getInt(), "payload of the answer to client " + id);
            answered = true;
            return true;
        }
    }

    /**
     * Runs the flood.
     *
     * @param limit the child's {@code ulimit -n}, for messages
     * @param flood how many connections to open at once: well past the limit, within the backlog
     * @return what happened; every connection is closed again
     */
    public Outcome run(int limit, int flood) throws IOException {
        List<Client> all = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            try {
                List<Client> base = new ArrayList<>();
                for (int i = 0; i < BASE; i++) {
                    base.add(new Client(address, i, selector));
                }
                all.addAll(base);
                roundTrip(selector, base, "before the flood");
                ChildJvm.Usage before = child.usage();

                List<Client> flooding = new ArrayList<>();
                for (int i = 0; i < flood; i++) {
                    Client c = new Client(address, BASE + i, selector);
                    flooding.add(c);
                    all.add(c);
                    c.ask();
                }
                pump(selector, flooding, quietMillis);
                List<Client> accepted = answered(flooding, true);
                List<Client> waiting = answered(flooding, false);
                int servedAtOnce = accepted.size();
                int waited = waiting.size();
                assertFalse(waiting.isEmpty(), flood + " connections were all served: the child's ulimit -n "
                        + limit + " was never reached");
                assertFalse(accepted.isEmpty(), "the server served none of the flood" + child.stderrTail());
                assertTrue(child.isAlive(), "the server died when its descriptors ran out" + child.stderrTail());
                ChildJvm.Usage exhausted = child.usage();

                roundTrip(selector, base, "while the descriptors are exhausted");
                assertTrue(waiting.stream().noneMatch(c -> c.answered),
                        "a connection past the limit was answered before descriptors were freed");
                int rounds = 0;
                while (!waiting.isEmpty()) {
                    assertTrue(rounds < MAX_RECOVERY_ROUNDS, waiting.size() + " connections still wait after "
                            + rounds + " rounds of freeing descriptors" + child.stderrTail());
                    for (Client c : accepted) {
                        c.channel.close();
                    }
                    pump(selector, waiting, quietMillis);
                    accepted = answered(waiting, true);
                    waiting = answered(waiting, false);
                    assertFalse(accepted.isEmpty(), "descriptors were freed, but none of the " + waiting.size()
                            + " waiting connections was accepted and answered" + child.stderrTail());
                    rounds++;
                }
                for (Client c : accepted) {
                    c.channel.close();
                }
                roundTrip(selector, base, "after the flood");
                return new Outcome(limit, flood, servedAtOnce, waited, rounds, before, exhausted, child.usage());
            } finally {
                for (Client c : all) {
                    c.channel.close();
                }
            }
        }
    }

    private static List<Client> answered(List<Client> clients, boolean answered) {
        return clients.stream().filter(c -> c.answered == answered).collect(Collectors.toList());
    }

    /**
     * Reads answers until every client in {@code wanted} has one, or none arrived for
     * {@code quiet} milliseconds, or the answer time passed.
     */
    private void pump(Selector selector, List<Client> wanted, long quiet) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(answerMillis);
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quiet);
        while (wanted.stream().anyMatch(c -> !c.answered)) {
            long now = System.nanoTime();
            if (now > deadline || now > quietUntil) {
                return;
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(deadline, quietUntil) - now)));
            for (SelectionKey key : selector.selectedKeys()) {
                boolean completed;
                try {
                    completed = ((Client) key.attachment()).read();
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + child.stderrTail(), e);
                }
                if (completed) {
                    quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quiet);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void roundTrip(Selector selector, List<Client> clients, String when) throws IOException {
        for (Client c : clients) {
            c.ask();
        }
        pump(selector, clients, answerMillis);
        List<Integer> silent = clients.stream().filter(c -> !c.answered).map(c -> c.id).collect(Collectors.toList());
        assertEquals(List.of(), silent, "connections not answered " + when + child.stderrTail());
    }
}
