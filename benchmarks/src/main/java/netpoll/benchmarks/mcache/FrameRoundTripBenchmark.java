package netpoll.benchmarks.mcache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import netpoll.benchmarks.JmhDefaults;
import netpoll.mcache.LinkBuffer;
import netpoll.mcache.Mcache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One frame through a nocopy buffer: write a 4-byte length and a 1 KiB payload, flush, read the
 * length, read the payload as a view, release. LinkBuffer against its Netty equivalent: a pooled
 * direct buffer per frame appended to a {@link CompositeByteBuf} (a cumulation buffer), read with
 * {@code readInt} and {@code readRetainedSlice}, then {@code discardReadComponents}.
 */
@State(Scope.Thread)
public class FrameRoundTripBenchmark extends JmhDefaults {

    private static final int PAYLOAD = 1024;
    private static final int MAX_COMPONENTS = 16;

    private final byte[] payload = new byte[PAYLOAD];
    private Mcache mcache;
    private LinkBuffer link;
    private PooledByteBufAllocator netty;
    private CompositeByteBuf composite;

    @Setup
    public void setup() {
        ThreadLocalRandom.current().nextBytes(payload);
        mcache = Mcache.builder().leakDetection(false).build();
        link = new LinkBuffer(mcache);
        netty = NettyAllocators.cachedOnEveryThread();
        composite = netty.compositeDirectBuffer(MAX_COMPONENTS);
    }

    @TearDown
    public void tearDown() {
        link.close();
        composite.release();
        if (mcache.outstandingBuffers() != 0) {
            throw new IllegalStateException(mcache.leakReport());
        }
        mcache.close();
    }

    @Benchmark
    public byte linkBuffer() throws Exception {
        LinkBuffer b = link;
        b.writeInt(PAYLOAD);
        b.writeBinary(payload);
        b.flush();
        int len = b.readInt();
        ByteBuffer frame = b.next(len);
        byte last = frame.get(len - 1);
        b.release();
        return last;
    }

    @Benchmark
    public byte nettyComposite() {
        ByteBuf out = netty.directBuffer(Integer.BYTES + PAYLOAD);
        out.writeInt(PAYLOAD);
        out.writeBytes(payload);
        composite.addComponent(true, out);
        int len = composite.readInt();
        ByteBuf frame = composite.readRetainedSlice(len);
        byte last = frame.getByte(len - 1);
        frame.release();
        composite.discardReadComponents();
        return last;
    }
}
