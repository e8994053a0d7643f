package netpoll.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import netpoll.benchmarks.echo.NettyChannels;
import netpoll.benchmarks.echo.NettyFrameDecoder;
import netpoll.benchmarks.echo.Payloads;

/**
 * The Netty 4.2 client: one NIO event loop ({@code NioIoHandler}), the pooled allocator,
 * TCP_NODELAY (or Netty's NIO Unix domain sockets). Scenarios 1 and 2 keep a long-connection pool with one request in flight per
 * connection; scenario 3 shares {@link Scenario#MUX_CONNECTIONS} channels among all callers and
 * matches responses to callers by the request id the payload carries.
 *
 * <p>Thread contract: {@link #call} from any caller thread; the inbound handlers run on the
 * event loop and hand responses over through {@link ResponseSlot}s.
 */
public final class NettyEchoClient implements EchoClient {

    /** The slot of the one call in flight on a pooled channel; set by the caller, taken by the loop. */
    private static final AttributeKey<ResponseSlot> IN_FLIGHT = AttributeKey.valueOf("inFlight");
    /** The calls in flight on a mux channel, by request id. */
    private static final AttributeKey<Map<Long, ResponseSlot>> PENDING = AttributeKey.valueOf("pending");

    private final SocketAddress address;
    private final Scenario scenario;
    private final long connectTimeoutNanos;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Bootstrap bootstrap;
    private final IdleStack<Channel> pool = new IdleStack<>(Scenario.POOL_CAPACITY, Channel::close);
    private final List<Channel> mux = new ArrayList<>();
    private final List<Channel> idle = new ArrayList<>();
    /** Round-robin over {@link #mux}; any caller increments it. */
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * Makes the client and, in scenario 3, connects its shared channels.
     *
     * @param address the server
     * @param scenario how connections are used
     * @param connectTimeoutNanos how long a connect may take
     * @throws IOException when a mux channel cannot be connected
     */
    public NettyEchoClient(SocketAddress address, Scenario scenario, long connectTimeoutNanos)
            throws IOException {
        this.address = address;
        this.scenario = scenario;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.bootstrap = NettyChannels.client(new Bootstrap().group(group), address)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NettyFrameDecoder(), new ResponseHandler());
                    }
                });
        try {
            if (scenario == Scenario.MUX) {
                for (int i = 0; i < Scenario.MUX_CONNECTIONS; i++) {
                    mux.add(connect());
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public byte[] call(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        return scenario == Scenario.MUX ? callMux(payload, timeoutNanos) : callPooled(payload, timeoutNanos);
    }

    private byte[] callPooled(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        Channel ch = pool.poll();
        if (ch == null || !ch.isActive()) {
            ch = connect();
        }
        ResponseSlot slot = new ResponseSlot();
        ch.attr(IN_FLIGHT).set(slot);
        ch.writeAndFlush(NettyFrameDecoder.encode(ch.alloc(), payload))
                .addListener(f -> failOnError(f.isSuccess(), f.cause(), slot));
        try {
            byte[] response = slot.await(timeoutNanos);
            pool.offer(ch);
            return response;
        } catch (IOException | TimeoutException e) {
            ch.close();
            throw e;
        }
    }

    private byte[] callMux(byte[] payload, long timeoutNanos) throws IOException, TimeoutException {
        Channel ch = mux.get(Math.floorMod(cursor.getAndIncrement(), mux.size()));
        if (!ch.isActive()) {
            throw new IOException("mux connection " + ch + " is closed");
        }
        Long id = Payloads.idOf(payload);
        ResponseSlot slot = new ResponseSlot();
        Map<Long, ResponseSlot> pending = ch.attr(PENDING).get();
        pending.put(id, slot);
        try {
            ch.writeAndFlush(NettyFrameDecoder.encode(ch.alloc(), payload))
                    .addListener(f -> failOnError(f.isSuccess(), f.cause(), slot));
            return slot.await(timeoutNanos);
        } finally {
            pending.remove(id);
        }
    }

    private static void failOnError(boolean success, Throwable cause, ResponseSlot slot) {
        if (!success) {
            slot.fail(cause instanceof IOException io ? io : new IOException("write failed", cause));
        }
    }

    @Override
    public void openIdleConnections(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            idle.add(connect());
        }
    }

    private Channel connect() throws IOException {
        ChannelFuture f = bootstrap.connect(address);
        if (!f.awaitUninterruptibly(connectTimeoutNanos, TimeUnit.NANOSECONDS)) {
            f.cancel(false);
            throw new IOException("connect to " + address + " did not finish within "
                    + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms");
        }
        if (!f.isSuccess()) {
            throw new IOException("connect to " + address + " failed: " + f.cause(), f.cause());
        }
        Channel ch = f.channel();
        ch.attr(PENDING).set(new ConcurrentHashMap<>());
        return ch;
    }

    @Override
    public void close() {
        pool.closeAll();
        mux.forEach(Channel::close);
        idle.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Completes the waiting caller's slot; runs on the event loop only. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<byte[]> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, byte[] response) {
            ResponseSlot slot = ctx.channel().attr(IN_FLIGHT).getAndSet(null);
            if (slot == null && response.length >= Payloads.MIN_BYTES) {
                slot = ctx.channel().attr(PENDING).get().remove(Payloads.idOf(response));
            }
            if (slot != null) {
                slot.complete(response);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ClosedChannelException closed = new ClosedChannelException();
            ResponseSlot slot = ctx.channel().attr(IN_FLIGHT).getAndSet(null);
            if (slot != null) {
                slot.fail(closed);
            }
            Map<Long, ResponseSlot> pending = ctx.channel().attr(PENDING).get();
            if (pending != null) {
                pending.values().forEach(s -> s.fail(closed));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
