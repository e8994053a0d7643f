package netpoll.nio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.EventLoopOptions;
import netpoll.api.Network;
import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void echoesOneFrameOverTcp() throws Exception {
        try (TransportFixture f = new TransportFixture("echo1")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            byte[] p = Echo.payload(new Random(1), 1024);
            Echo.send(c, p);
            assertArrayEquals(p, Echo.receive(c));
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (TransportFixture f = new TransportFixture("pipeline")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            Random random = new Random(2);
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] p = Echo.payload(random, random.nextInt(3000));
                sent.add(p);
                c.writeInt(p.length);
                c.writeBinary(p);
            }
            c.flush();
            for (byte[] p : sent) {
                assertArrayEquals(p, Echo.receive(c));
            }
        }
    }

    @Test
    void echoesLargeFramesThatSpanManyReads() throws Exception {
        try (TransportFixture f = new TransportFixture("large")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            byte[] p = Echo.payload(new Random(3), 4 << 20);
            Echo.send(c, p);
            assertArrayEquals(p, Echo.receive(c));
        }
    }

    @Test
    void echoesOverUnixDomainSockets() throws Exception {
        Path dir = Files.createTempDirectory("netpoll");
        Path socket = dir.resolve("echo.sock");
        try (TransportFixture f = new TransportFixture("unix")) {
            TransportFixture.Server s = f.serve(Network.UNIX, socket.toString(), Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            byte[] p = Echo.payload(new Random(4), 5000);
            Echo.send(c, p);
            assertArrayEquals(p, Echo.receive(c));
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void echoesOverIpv6Loopback() throws Exception {
        try (TransportFixture f = new TransportFixture("v6")) {
            TransportFixture.Server s = f.serve(Network.TCP6, "[::1]:0", Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            Echo.send(c, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, Echo.receive(c));
        }
    }

    @Test
    void byteChannelReadAndWriteWorkLikeASocket() throws Exception {
        try (TransportFixture f = new TransportFixture("channel")) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            Connection c = f.dial(s.address());
            ByteBuffer req = ByteBuffer.allocate(8).putInt(4).put(new byte[] {9, 8, 7, 6}).flip();
            assertEquals(8, c.write(req));
            ByteBuffer resp = ByteBuffer.allocate(8);
            while (resp.hasRemaining()) {
                assertTrue(c.read(resp) > 0);
            }
            assertArrayEquals(req.array(), resp.array());
        }
    }

    @Test
    void servesAThousandConcurrentConnections() throws Exception {
        int connections = 1000;
        try (TransportFixture f = new TransportFixture("thousand", 2)) {
            TransportFixture.Server s = f.serve(Echo.HANDLER, EventLoopOptions.defaults());
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                all.add(f.dial(s.address()));
            }
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    Connection c = all.get(i);
                    int seed = i;
                    done.add(clients.submit(() -> {
                        Random random = new Random(seed);
                        for (int round = 0; round < 5; round++) {
                            byte[] p = Echo.payload(random, 1 + random.nextInt(2048));
                            Echo.send(c, p);
                            assertArrayEquals(p, Echo.receive(c));
                        }
                        return null;
                    }));
                }
                for (Future<?> d : done) {
                    d.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
