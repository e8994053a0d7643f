package netpoll.benchmarks.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.benchmarks.JmhDefaults;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the netpoll layer costs per borrow+return: {@link ConnectionPool} over a
 * {@link TrivialConnection}, against a raw {@link GenericKeyedObjectPool} of a trivial object
 * configured as the netpoll pool configures its own (the defaults of {@link PoolConfig}: the same
 * limits, LIFO, validation on borrow and while idle, the same evictor, JMX on), whose validation
 * reads a volatile flag as {@code isActive()} does. Target: netpoll at most 15% slower.
 *
 * <p>{@code java -jar benchmarks/target/netpoll-benchmarks.jar jmh PoolBorrowBenchmark -prof gc}
 */
@State(Scope.Benchmark)
public class PoolBorrowBenchmark extends JmhDefaults {

    private static final SocketAddress KEY = new InetSocketAddress("127.0.0.1", 9999);

    private ConnectionPool netpoll;
    private GenericKeyedObjectPool<SocketAddress, TrivialObject> raw;

    /** The raw pool's object: as small as a pooled thing can be, with a liveness flag. */
    static final class TrivialObject {
        volatile boolean active = true;
    }

    /** Makes trivial objects and validates them by their flag. */
    static final class TrivialFactory extends BaseKeyedPooledObjectFactory<SocketAddress, TrivialObject> {
        @Override
        public TrivialObject create(SocketAddress key) {
            return new TrivialObject();
        }

        @Override
        public PooledObject<TrivialObject> wrap(TrivialObject value) {
            return new DefaultPooledObject<>(value);
        }

        @Override
        public boolean validateObject(SocketAddress key, PooledObject<TrivialObject> p) {
            return p.getObject().active;
        }
    }

    /** Sets both pools up with the same settings. */
    @Setup
    public void setUp() {
        PoolConfig config = PoolConfig.builder().name("bench-netpoll").build();
        Dialer dialer = (address, timeout) -> new TrivialConnection(address);
        netpoll = ConnectionPool.create(dialer, config);
        raw = new GenericKeyedObjectPool<>(new TrivialFactory(), rawConfig(config));
    }

    static GenericKeyedObjectPoolConfig<TrivialObject> rawConfig(PoolConfig config) {
        GenericKeyedObjectPoolConfig<TrivialObject> c = new GenericKeyedObjectPoolConfig<>();
        c.setMaxTotal(config.maxTotal());
        c.setMaxTotalPerKey(config.maxPerKey());
        c.setMinIdlePerKey(config.minIdlePerKey());
        c.setMaxIdlePerKey(config.maxIdlePerKey());
        c.setMaxWait(config.maxWait());
        c.setLifo(config.lifo());
        c.setTestOnBorrow(true);
        c.setTestWhileIdle(true);
        c.setNumTestsPerEvictionRun(-1);
        c.setTimeBetweenEvictionRuns(config.evictionInterval());
        c.setMinEvictableIdleDuration(config.idleEvictAfter());
        c.setJmxEnabled(true);
        c.setJmxNamePrefix("bench-raw");
        return c;
    }

    /** Closes both pools. */
    @TearDown
    public void tearDown() {
        netpoll.close();
        raw.close();
    }

    /**
     * Borrow and give back through the netpoll pool.
     *
     * @return the lease, so that JIT keeps the work
     * @throws IOException never: the trivial dialer cannot fail
     */
    @Benchmark
    public Object netpollBorrowReturn() throws IOException {
        Connection c = netpoll.borrow(KEY);
        c.close();
        return c;
    }

    /**
     * Borrow and return through the raw Commons Pool.
     *
     * @return the object, so that JIT keeps the work
     * @throws Exception never: the trivial factory cannot fail
     */
    @Benchmark
    public Object rawCommonsBorrowReturn() throws Exception {
        TrivialObject o = raw.borrowObject(KEY);
        raw.returnObject(KEY, o);
        return o;
    }
}
