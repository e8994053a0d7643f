package netpoll.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import netpoll.api.Connection;
import netpoll.api.spi.Transport;
import netpoll.mcache.Mcache;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;

/**
 * The soak's mixed load: echo clients on plain sockets (reconnecting now and then), clients
 * borrowing from a netpoll connection pool, a churn of short connections of every kind, idle
 * connections held throughout, and one fault a second from {@link Faults}.
 *
 * <p>Thread contract: {@link #start} and {@link #close} from the soak's main thread; the
 * counters are {@link LongAdder}s added to by the load threads and read by the sampler.
 */
final class SoakLoad implements AutoCloseable {

    static final int ECHO_CLIENTS = 4;
    static final int POOL_CLIENTS = 2;
    static final int IDLE = 500;
    static final int MAX_PAYLOAD = 16 << 10;
    static final int REQUESTS_PER_CONNECTION = 1_000;
    static final long CHURN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long FAULT_EVERY_MILLIS = 1_000;
    static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final int CHURN_KINDS = 4;

    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder faults = new LongAdder();
    /** The client side's buffers (pool connections), sampled with the server's. */
    final Mcache clientCache = Mcache.builder().leakDetection(false).build();

    private final InetSocketAddress address;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<SocketChannel> idle = new ArrayList<>();
    private final Transport clientTransport = Nio.newTransport(NioConfig.builder().name("soak-client")
            .mcache(clientCache).build());
    private final ConnectionPool pool;

    SoakLoad(InetSocketAddress address) {
        this.address = address;
        this.pool = ConnectionPool.create(clientTransport.dialer(), PoolConfig.builder().name("soak")
                .jmxEnabled(false).build());
    }

    void start() throws IOException {
        for (int i = 0; i < IDLE; i++) {
            idle.add(Wire.connect(address));
        }
        for (int i = 0; i < ECHO_CLIENTS; i++) {
            spawn("soak-echo-" + i, this::echoLoop);
        }
        for (int i = 0; i < POOL_CLIENTS; i++) {
            spawn("soak-pooled-" + i, this::poolLoop);
        }
        spawn("soak-churn", this::churnLoop);
        spawn("soak-faults", this::faultLoop);
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void echoLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            try (SocketChannel ch = Wire.connect(address)) {
                for (int i = 0; i < REQUESTS_PER_CONNECTION && !stop.get(); i++) {
                    byte[] p = new byte[1 + random.nextInt(MAX_PAYLOAD)];
                    random.nextBytes(p);
                    count(Wire.roundTrip(ch, p));
                }
            } catch (IOException e) {
                errors.increment();
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    private void poolLoop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            try (Connection c = pool.borrow(address)) {
                long id = random.nextLong();
                c.writeInt(Long.BYTES);
                c.writeLong(id);
                c.flush();
                boolean right = c.readInt() == Long.BYTES && c.readLong() == id;
                c.release();
                count(right);
            } catch (IOException | RuntimeException e) {
                errors.increment();
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    private void count(boolean right) {
        if (right) {
            requests.increment();
        } else {
            errors.increment();
        }
    }

    /** Short connections: close at once, request then close, a round trip, a reset. */
    private void churnLoop() {
        byte[] p = {1, 2, 3, 4};
        for (long i = 0; !stop.get(); i++) {
            try {
                SocketChannel ch = Wire.connect(address);
                switch ((int) (i % CHURN_KINDS)) {
                    case 0 -> ch.close();
                    case 1 -> {
                        Wire.writeFully(ch, Wire.frame(p));
                        ch.close();
                    }
                    case 2 -> {
                        count(Wire.roundTrip(ch, p));
                        ch.close();
                    }
                    default -> Wire.reset(ch);
                }
            } catch (IOException e) {
                errors.increment();
            }
            LockSupport.parkNanos(CHURN_PAUSE_NANOS);
        }
    }

    private void faultLoop() {
        Faults injector = new Faults(address);
        while (!stop.get()) {
            try {
                injector.injectNext();
                faults.increment();
                Thread.sleep(FAULT_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop.set(true);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        for (SocketChannel ch : idle) {
            ch.close();
        }
        pool.close();
        clientTransport.close();
        clientCache.close();
    }
}
