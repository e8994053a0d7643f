package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A server whose process runs out of file descriptors (EMFILE on accept) keeps serving the
 * connections it has, leaves new ones waiting in the backlog, and accepts them once descriptors
 * free up. The server runs in a child JVM under {@code ulimit -n 256}.
 */
class DescriptorExhaustionTest {

    private static final int CHILD_LIMIT = 256;
    private static final int BASE = 8;
    /** Well past the child's limit, well within the listener's backlog of 1024. */
    private static final int FLOOD = 400;
    private static final long START_MILLIS = 30_000;
    /** No new answer for this long: the server has accepted all it can. */
    private static final long QUIET_MILLIS = 1_500;
    private static final long ANSWER_MILLIS = 15_000;
    private static final int FRAME = 8;
    private static final int MAX_RECOVERY_ROUNDS = 5;

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
     * Reads answers until every client in {@code wanted} has one, or none arrived for
     * {@code quietMillis}, or {@code maxMillis} passed.
     */
    private static void pump(Selector selector, List<Client> wanted, long quietMillis, long maxMillis,
                             ChildJvm child) throws IOException {
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

    @Test
    void acceptWaitsOutDescriptorExhaustionAndResumesWhenDescriptorsFree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Descriptors.softLimit() > 0,
                "needs bash and /proc to run a server under ulimit -n " + CHILD_LIMIT);
        List<Client> all = new ArrayList<>();
        try (ChildJvm child = new ChildJvm(CHILD_LIMIT, EmfileEchoServer.class,
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
             Selector selector = Selector.open()) {
            int port = Integer.parseInt(child.awaitLine(EmfileEchoServer.PORT_LINE, START_MILLIS).trim());
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            try {
                List<Client> base = new ArrayList<>();
                for (int i = 0; i < BASE; i++) {
                    base.add(new Client(address, i, selector));
                }
                all.addAll(base);
                roundTrip(selector, base, "before the flood", child);

                List<Client> flood = new ArrayList<>();
                for (int i = 0; i < FLOOD; i++) {
                    Client c = new Client(address, BASE + i, selector);
                    flood.add(c);
                    all.add(c);
                    c.ask();
                }
                pump(selector, flood, QUIET_MILLIS, ANSWER_MILLIS, child);
                List<Client> accepted = flood.stream().filter(c -> c.answered).collect(Collectors.toList());
                List<Client> waiting = flood.stream().filter(c -> !c.answered).collect(Collectors.toList());
                assertFalse(waiting.isEmpty(), FLOOD + " connections were all served: the child's ulimit -n "
                        + CHILD_LIMIT + " was never reached");
                assertFalse(accepted.isEmpty(), "the server served none of the flood" + child.stderrTail());
                assertTrue(child.isAlive(), "the server died when its descriptors ran out" + child.stderrTail());

                System.out.printf("ulimit -n %d: %d of %d flood connections served, %d waiting%n",
                        CHILD_LIMIT, accepted.size(), FLOOD, waiting.size());
                roundTrip(selector, base, "while the descriptors are exhausted", child);
                assertTrue(waiting.stream().noneMatch(c -> c.answered),
                        "a connection past the limit was answered before descriptors were freed");

                // each close frees a descriptor: the waiting connections are accepted as they free
                // up, in as many rounds as it takes when more wait than were closed
                for (int round = 0; !waiting.isEmpty(); round++) {
                    assertTrue(round < MAX_RECOVERY_ROUNDS, waiting.size() + " connections still wait after "
                            + round + " rounds of freeing descriptors" + child.stderrTail());
                    for (Client c : accepted) {
                        c.channel.close();
                    }
                    pump(selector, waiting, QUIET_MILLIS, ANSWER_MILLIS, child);
                    accepted = waiting.stream().filter(c -> c.answered).collect(Collectors.toList());
                    waiting = waiting.stream().filter(c -> !c.answered).collect(Collectors.toList());
                    assertFalse(accepted.isEmpty(), "descriptors were freed, but none of the " + waiting.size()
                            + " waiting connections was accepted and answered" + child.stderrTail());
                    System.out.printf("freeing round %d: %d accepted, %d still waiting%n",
                            round + 1, accepted.size(), waiting.size());
                }
                roundTrip(selector, base, "after the flood", child);
            } finally {
                for (Client c : all) {
                    c.channel.close();
                }
            }
        }
    }
}
