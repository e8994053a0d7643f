package netpoll.benchmarks.pool;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netpoll.api.Connection;
import netpoll.api.Netpoll;
import netpoll.benchmarks.JmhDefaults;
import netpoll.pool.ConnectionPool;
import netpoll.pool.PoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Request/response through a connection pool at 1, 8 and 64 client threads: netpoll's
 * {@link ConnectionPool} against Netty's {@link FixedChannelPool} with
 * {@link ChannelHealthChecker#ACTIVE}, both talking to the same netpoll {@link EchoServer} in this
 * JVM, both pools holding at most {@value #POOL_SIZE} connections. Each operation borrows a
 * connection, sends one length-prefixed message, reads the whole answer and gives the connection
 * back. Netty runs with its defaults (event loop threads, pooled allocator). Target: netpoll at
 * least 1.2x Netty's throughput.
 *
 * <p>{@code java -jar benchmarks/target/netpoll-benchmarks.jar jmh PoolEchoBenchmark -prof gc}
 */
@State(Scope.Benchmark)
public class PoolEchoBenchmark extends JmhDefaults {

    /** The most connections either pool holds, enough for one per thread at 64 threads. */
    static final int POOL_SIZE = 64;
    private static final int MAX_FRAME = 1 << 20;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AttributeKey<CompletableFuture<Integer>> PENDING =
            AttributeKey.valueOf("netpoll.benchmarks.pool.pending");

    /** Bytes in each request and response body. */
    @Param({"128"})
    public int payloadSize;

    private EchoServer server;
    private ConnectionPool netpoll;
    private EventLoopGroup nettyGroup;
    private FixedChannelPool netty;
    private byte[] payload;

    /**
     * Starts the server and both pools.
     *
     * @throws IOException when the server cannot bind
     */
    @Setup
    public void setUp() throws IOException {
        payload = new byte[payloadSize];
        ThreadLocalRandom.current().nextBytes(payload);
        server = EchoServer.start();
        netpoll = ConnectionPool.create(Netpoll.newDialer(), PoolConfig.builder()
                .name("bench-echo").maxPerKey(POOL_SIZE).maxIdlePerKey(POOL_SIZE).maxWait(WAIT)
                .build());
        nettyGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(nettyGroup).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).remoteAddress(server.address());
        netty = new FixedChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                        new ResponseHandler());
            }
        }, ChannelHealthChecker.ACTIVE, FixedChannelPool.AcquireTimeoutAction.FAIL,
                WAIT.toMillis(), POOL_SIZE, Integer.MAX_VALUE);
    }

    /**
     * Stops both pools and the server.
     *
     * @throws InterruptedException when interrupted while waiting for the server to stop
     */
    @TearDown
    public void tearDown() throws InterruptedException {
        netpoll.close();
        netty.close();
        nettyGroup.shutdownGracefully(0, WAIT.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        server.close();
    }

    /** Completes the request waiting on the channel with the answer's length. */
    static final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            CompletableFuture<Integer> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                pending.complete(frame.readableBytes());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<Integer> pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending != null) {
                pending.completeExceptionally(cause);
            }
            ctx.close();
        }
    }

    private int netpollRequest() throws IOException {
        try (Connection c = netpoll.borrow(server.address())) {
            c.writeInt(payload.length);
            c.writeBinary(payload);
            c.flush();
            int n = c.readInt();
            c.skip(n);
            c.release();
            return n;
        }
    }

    private int nettyRequest() throws InterruptedException, ExecutionException, TimeoutException {
        Channel ch = netty.acquire().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            ch.attr(PENDING).set(answer);
            ByteBuf request = ch.alloc().buffer(Integer.BYTES + payload.length);
            request.writeInt(payload.length).writeBytes(payload);
            ch.writeAndFlush(request);
            return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            netty.release(ch);
        }
    }

    /**
     * @return the answer's length
     * @throws IOException when the request fails
     */
    @Benchmark
    @Threads(1)
    public int netpoll01Thread() throws IOException {
        return netpollRequest();
    }

    /**
     * @return the answer's length
     * @throws Exception when the request fails
     */
    @Benchmark
    @Threads(1)
    public int netty01Thread() throws Exception {
        return nettyRequest();
    }

    /**
     * @return the answer's length
     * @throws IOException when the request fails
     */
    @Benchmark
    @Threads(8)
    public int netpoll08Threads() throws IOException {
        return netpollRequest();
    }

    /**
     * @return the answer's length
     * @throws Exception when the request fails
     */
    @Benchmark
    @Threads(8)
    public int netty08Threads() throws Exception {
        return nettyRequest();
    }

    /**
     * @return the answer's length
     * @throws IOException when the request fails
     */
    @Benchmark
    @Threads(64)
    public int netpoll64Threads() throws IOException {
        return netpollRequest();
    }

    /**
     * @return the answer's length
     * @throws Exception when the request fails
     */
    @Benchmark
    @Threads(64)
    public int netty64Threads() throws Exception {
        return nettyRequest();
    }
}
