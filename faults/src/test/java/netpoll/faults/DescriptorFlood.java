package netpoll.faults;

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
 * The example echo server ({@code netpoll.examples.EchoServer}, as it ships) in a child JVM under
 * a low {@code ulimit -n}, flooded past it: existing connections keep being served, the ones past
 * the limit wait in the backlog, and they are accepted and answered once descriptors free up.
 */
final class DescriptorFlood {

    static final String EXAMPLE_SERVER = "netpoll.examples.EchoServer";
    static final String LISTENING = "listening on ";
    private static final int BASE = 8;
    private static final long START_MILLIS = 60_000;
    /** No new answer for this long: the server has accepted all it can. */
    private static final long QUIET_MILLIS = 2_000;
    private static final long ANSWER_MILLIS = 30_000;
    private static final int FRAME = 8;
    private static final int MAX_RECOVERY_ROUNDS = 5;
    private static final int DESCRIPTOR_TOLERANCE = 4;
    private static final long SETTLE_MILLIS = 15_000;

    private DescriptorFlood() {
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
            Frames.writeFully(channel, ByteBuffer.allocate(FRAME).putInt(Integer.BYTES).putInt(id).flip());
        }

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

    /** What happened, for the report. */
    record Outcome(int limit, int flood, int servedAtOnce, int waited, int rounds, ChildJvm.Usage before,
                   ChildJvm.Usage exhausted, ChildJvm.Usage after) {
        @Override
        public String toString() {
            return String.format("ulimit -n %d, %d connections: %d served at once, %d waited in the backlog and were"
                    + " accepted and answered in %d round(s) of freeing descriptors; the existing connections were"
                    + " answered throughout; server before: %s; exhausted: %s; after: %s", limit, flood, servedAtOnce,
                    waited, rounds, before, exhausted, after);
        }
    }

    static Outcome run(int limit, int flood) throws Exception {
        List<Client> all = new ArrayList<>();
        try (ChildJvm child = new ChildJvm(limit, ChildJvm.smallJvm(), EXAMPLE_SERVER, "127.0.0.1:0");
             Selector selector = Selector.open()) {
            String listening = child.awaitLine(LISTENING, START_MILLIS).trim();
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            try {
                List<Client> base = new ArrayList<>();
                for (int i = 0; i < BASE; i++) {
                    base.add(new Client(address, i, selector));
                }
                all.addAll(base);
                roundTrip(selector, base, "before the flood", child);
                ChildJvm.Usage before = child.usage();

                List<Client> flooding = new ArrayList<>();
                for (int i = 0; i < flood; i++) {
                    Client c = new Client(address, BASE + i, selector);
                    flooding.add(c);
                    all.add(c);
                    c.ask();
                }
                pump(selector, flooding, QUIET_MILLIS, ANSWER_MILLIS, child);
                List<Client> accepted = flooding.stream().filter(c -> c.answered).collect(Collectors.toList());
                List<Client> waiting = flooding.stream().filter(c -> !c.answered).collect(Collectors.toList());
                int servedAtOnce = accepted.size();
                int waited = waiting.size();
                assertFalse(waiting.isEmpty(), flood + " connections were all served: ulimit -n " + limit
                        + " was never reached");
                assertFalse(accepted.isEmpty(), "the server served none of the flood" + child.stderrTail());
                assertTrue(child.isAlive(), "the server died when its descriptors ran out" + child.stderrTail());
                ChildJvm.Usage exhausted = child.usage();

                roundTrip(selector, base, "while the descriptors are exhausted", child);
                assertTrue(waiting.stream().noneMatch(c -> c.answered),
                        "a connection past the limit was answered before descriptors were freed");
                int rounds = 0;
                while (!waiting.isEmpty()) {
                    assertTrue(rounds < MAX_RECOVERY_ROUNDS, waiting.size() + " connections still wait after "
                            + rounds + " rounds of freeing descriptors" + child.stderrTail());
                    for (Client c : accepted) {
                        c.channel.close();
                    }
                    pump(selector, waiting, QUIET_MILLIS, ANSWER_MILLIS, child);
                    accepted = waiting.stream().filter(c -> c.answered).collect(Collectors.toList());
                    waiting = waiting.stream().filter(c -> !c.answered).collect(Collectors.toList());
                    assertFalse(accepted.isEmpty(), "descriptors were freed, but none of the " + waiting.size()
                            + " waiting connections was accepted" + child.stderrTail());
                    rounds++;
                }
                for (Client c : accepted) {
                    c.channel.close();
                }
                roundTrip(selector, base, "after the flood", child);
                ChildJvm.Usage after = awaitDescriptors(child, before.descriptors());
                return new Outcome(limit, flood, servedAtOnce, waited, rounds, before, exhausted, after);
            } finally {
                for (Client c : all) {
                    c.channel.close();
                }
            }
        }
    }

    /** Waits, bounded, until the child's descriptors are back to {@code base}. */
    private static ChildJvm.Usage awaitDescriptors(ChildJvm child, long base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        ChildJvm.Usage now = child.usage();
        while (now.descriptors() > base + DESCRIPTOR_TOLERANCE && System.nanoTime() < deadline) {
            Thread.sleep(QUIET_MILLIS / 10);
            now = child.usage();
        }
        assertTrue(now.descriptors() <= base + DESCRIPTOR_TOLERANCE, "the server's descriptors did not go back: "
                + base + " before the flood, " + now.descriptors() + " after");
        return now;
    }

    private static void pump(Selector selector, List<Client> wanted, long quietMillis, long maxMillis, ChildJvm child)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMillis);
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
                    quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(quietMillis);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static void roundTrip(Selector selector, List<Client> clients, String when, ChildJvm child)
            throws IOException {
        for (Client c : clients) {
            c.ask();
        }
        pump(selector, clients, ANSWER_MILLIS, ANSWER_MILLIS, child);
        List<Integer> silent = clients.stream().filter(c -> !c.answered).map(c -> c.id).collect(Collectors.toList());
        assertEquals(List.of(), silent, "connections not answered " + when + child.stderrTail());
    }
}
