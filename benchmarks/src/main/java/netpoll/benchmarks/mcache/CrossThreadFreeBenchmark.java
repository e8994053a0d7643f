package netpoll.benchmarks.mcache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import netpoll.benchmarks.JmhDefaults;
import netpoll.mcache.Mcache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * malloc on one thread (a poller), free on another (a worker): 1 KiB direct buffers handed over
 * through an SPSC ring. Each group's ops/s is the sum of its two threads, each op moving one
 * buffer, so the buffer rate is half the group's score (the ratio is the same). A side that waits
 * for the other yields its core, as the machine may have no spare one.
 */
@State(Scope.Group)
public class CrossThreadFreeBenchmark extends JmhDefaults {

    private static final int SIZE = 1024;

    private Mcache mcache;
    private PooledByteBufAllocator netty;
    private Handoff<ByteBuffer> mcacheRing;
    private Handoff<ByteBuf> nettyRing;

    @Setup
    public void setup() {
        mcache = Mcache.builder().leakDetection(false).build();
        netty = NettyAllocators.cachedOnEveryThread();
        mcacheRing = new Handoff<>();
        nettyRing = new Handoff<>();
    }

    @TearDown
    public void tearDown() {
        for (ByteBuffer b; (b = mcacheRing.poll()) != null; ) {
            mcache.free(b);
        }
        for (ByteBuf b; (b = nettyRing.poll()) != null; ) {
            b.release();
        }
        mcache.close();
    }

    @Benchmark
    @Group("mcache")
    @GroupThreads(1)
    public void mcacheMalloc(Control control) {
        ByteBuffer b = mcache.malloc(SIZE);
        while (!mcacheRing.offer(b)) {
            if (control.stopMeasurement) {
                mcache.free(b);
                return;
            }
            Thread.yield();
        }
    }

    @Benchmark
    @Group("mcache")
    @GroupThreads(1)
    public void mcacheFree(Control control) {
        ByteBuffer b;
        while ((b = mcacheRing.poll()) == null) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.yield();
        }
        mcache.free(b);
    }

    @Benchmark
    @Group("nettyPooled")
    @GroupThreads(1)
    public void nettyAllocate(Control control) {
        ByteBuf b = netty.directBuffer(SIZE);
        while (!nettyRing.offer(b)) {
            if (control.stopMeasurement) {
                b.release();
                return;
            }
            Thread.yield();
        }
    }

    @Benchmark
    @Group("nettyPooled")
    @GroupThreads(1)
    public void nettyRelease(Control control) {
        ByteBuf b;
        while ((b = nettyRing.poll()) == null) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.yield();
        }
        b.release();
    }
}
