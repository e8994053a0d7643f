package netpoll.benchmarks.mcache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import netpoll.benchmarks.JmhDefaults;
import netpoll.mcache.Mcache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * malloc and free of a 1 KiB direct buffer on one thread: Mcache against Netty's pooled allocator
 * ({@code directBuffer(1024)} + {@code release()}), with and without a Netty thread cache on the
 * benchmark thread (see {@link NettyAllocators}).
 */
@State(Scope.Thread)
public class MallocFreeBenchmark extends JmhDefaults {

    private static final int SIZE = 1024;

    private Mcache mcache;
    private PooledByteBufAllocator netty;

    @Setup
    public void setup() {
        mcache = Mcache.builder().leakDetection(false).build();
        netty = NettyAllocators.cachedOnEveryThread();
    }

    @TearDown
    public void tearDown() {
        if (mcache.outstandingBuffers() != 0) {
            throw new IllegalStateException(mcache.leakReport());
        }
        mcache.close();
    }

    @Benchmark
    public int mcache() {
        ByteBuffer b = mcache.malloc(SIZE);
        int c = b.capacity();
        mcache.free(b);
        return c;
    }

    @Benchmark
    public int nettyPooled() {
        ByteBuf b = netty.directBuffer(SIZE);
        int c = b.capacity();
        b.release();
        return c;
    }

    @Benchmark
    public int nettyPooledDefault() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE);
        int c = b.capacity();
        b.release();
        return c;
    }
}
