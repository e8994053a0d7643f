package netpoll.benchmarks.pool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Locale;
import netpoll.api.Connection;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;

/**
 * A companion to {@link PoolBorrowBenchmark} for a machine shared with other work: the same two
 * pools, set up the same way, measured by the CPU time the measuring thread spends per
 * borrow+return (not wall-clock time, which other processes' load distorts), in alternating
 * blocks in one JVM so both see the same conditions. Prints the median CPU ns/op of each and the
 * median of the per-round ratios with its quartiles.
 *
 * <p>{@code java -Xms1g -Xmx1g -XX:+UseParallelGC -cp benchmarks/target/netpoll-benchmarks.jar
 * netpoll.benchmarks.pool.BorrowCpuCost}
 */
public final class BorrowCpuCost {

    private static final SocketAddress KEY = new InetSocketAddress("127.0.0.1", 9999);
    private static final int OPS_PER_BLOCK = 200_000;
    private static final int WARMUP_ROUNDS = 20;
    private static final int ROUNDS = 41;

    /** Keeps the JIT from dropping the loops' work. */
    private static volatile Object sink;

    private BorrowCpuCost() {
    }

    /**
     * Runs the measurement and prints the result.
     *
     * @param args ignored
     * @throws Exception never in practice: the trivial dialer and factory cannot fail
     */
    public static void main(String[] args) throws Exception {
        PoolConfig config = PoolConfig.builder().name("cpu-netpoll").build();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (ConnectionPool netpoll = ConnectionPool.create(
                (address, timeout) -> new TrivialConnection(address), config);
                GenericKeyedObjectPool<SocketAddress, PoolBorrowBenchmark.TrivialObject> raw =
                        new GenericKeyedObjectPool<>(new PoolBorrowBenchmark.TrivialFactory(),
                                PoolBorrowBenchmark.rawConfig(config))) {
            for (int i = 0; i < WARMUP_ROUNDS; i++) {
                netpoll(netpoll);
                raw(raw);
            }
            double[] netpollNs = new double[ROUNDS];
            double[] rawNs = new double[ROUNDS];
            double[] ratio = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                netpoll(netpoll);
                long t1 = cpu.getCurrentThreadCpuTime();
                raw(raw);
                long t2 = cpu.getCurrentThreadCpuTime();
                netpollNs[r] = (t1 - t0) / (double) OPS_PER_BLOCK;
                rawNs[r] = (t2 - t1) / (double) OPS_PER_BLOCK;
                ratio[r] = netpollNs[r] / rawNs[r];
            }
            Arrays.sort(netpollNs);
            Arrays.sort(rawNs);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "CPU ns per borrow+return (median of %d rounds):"
                    + " netpoll %.1f, raw Commons Pool %.1f; netpoll/raw %.3f (quartiles %.3f..%.3f)%n",
                    ROUNDS, netpollNs[ROUNDS / 2], rawNs[ROUNDS / 2], ratio[ROUNDS / 2],
                    ratio[ROUNDS / 4], ratio[3 * ROUNDS / 4]);
        }
    }

    private static void netpoll(ConnectionPool pool) throws IOException {
        for (int i = 0; i < OPS_PER_BLOCK; i++) {
            Connection c = pool.borrow(KEY);
            c.close();
            sink = c;
        }
    }

    private static void raw(GenericKeyedObjectPool<SocketAddress, PoolBorrowBenchmark.TrivialObject> pool)
            throws Exception {
        for (int i = 0; i < OPS_PER_BLOCK; i++) {
            PoolBorrowBenchmark.TrivialObject o = pool.borrowObject(KEY);
            pool.returnObject(KEY, o);
            sink = o;
        }
    }
}
