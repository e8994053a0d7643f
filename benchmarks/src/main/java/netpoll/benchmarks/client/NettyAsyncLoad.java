package netpoll.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.echo.NettyChannels;
import netpoll.benchmarks.echo.NettyFrameDecoder;
import netpoll.benchmarks.echo.Payloads;
import netpoll.benchmarks.harness.CallStats;
import netpoll.benchmarks.harness.Measurement;

/**
 * The lightest Java load generator here, the fixed client of the server test: the same
 * scenarios, payloads, checks and timeouts as {@link LoadGenerator}-driven clients, but its
 * {@code concurrency} callers are not threads. Each caller is a small state machine on one Netty
 * event loop that sends its next request as soon as its response has been checked, so a request
 * costs the client no thread hand-off, only the socket calls; a synchronous client on the same
 * one core spends most of its time switching threads and caps what a server test can show.
 *
 * <p>Scenarios 1 and 2: each caller has its own connection (the long-connection pool at
 * steady state) and, in 2, four idle ones beside it. Scenario 3: the callers share
 * {@link Scenario#MUX_CONNECTIONS} connections round-robin; responses are matched by request id.
 * A call not answered within the timeout is counted as a timeout; in 1 and 2 its connection is
 * replaced, in 3 its late response is dropped.
 *
 * <p>Thread contract: {@link #run} on the controlling thread, which only starts, times and stops;
 * everything else (callers, channels, pending maps) lives on the one event loop thread.
 * {@link #phase} is written by the controller and read by the loop (volatile).
 */
public final class NettyAsyncLoad {

    private static final long TIMEOUT_CHECK_MILLIS = 10;
    private static final int CALLER_ID_SHIFT = 32;
    private static final long STOP_GRACE_MILLIS = 500;
    /**
     * How long a connect may take. Connecting is set-up, not a measured call (a caller whose
     * connection is being replaced has already counted its error), so it gets more room than a
     * call: thousands of connects in a row on a busy machine meet a dropped SYN now and then.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private enum Phase { WARMUP, MEASURE, STOP }

    private final SocketAddress address;
    private final Scenario scenario;
    private final int size;
    private final long timeoutNanos;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final Bootstrap bootstrap;
    private final List<Caller> callers = new ArrayList<>();
    private final List<Channel> mux = new ArrayList<>();
    private final List<Channel> idle = new ArrayList<>();
    private final CallStats stats = new CallStats();
    /** Channels written and not yet flushed; event loop only. */
    private final List<Channel> dirty = new ArrayList<>();
    /** Written by the controlling thread, read by the event loop. */
    private volatile Phase phase = Phase.WARMUP;
    /** Round-robin over {@link #mux}; event loop only. */
    private int cursor;

    /**
     * @param address the server
     * @param scenario how connections are used
     * @param concurrency how many callers
     * @param size the payload size, bytes
     * @param timeout the per-call timeout
     */
    public NettyAsyncLoad(SocketAddress address, Scenario scenario, int concurrency, int size,
            Duration timeout) {
        this.address = address;
        this.scenario = scenario;
        this.size = Payloads.checkSize(size);
        this.timeoutNanos = timeout.toNanos();
        for (int i = 0; i < concurrency; i++) {
            callers.add(new Caller((long) i << CALLER_ID_SHIFT));
        }
        this.bootstrap = NettyChannels.client(new Bootstrap().group(group), address)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NettyFrameDecoder(), new ResponseHandler());
                    }
                });
    }

    /**
     * Connects, warms up, measures, stops.
     *
     * @param warmup how long to call before measuring
     * @param duration how long to measure
     * @param log where the first error goes
     * @return the measurement of the window
     * @throws IOException when the first connections cannot be made
     * @throws InterruptedException when the controlling thread is interrupted
     */
    public Measurement run(Duration warmup, Duration duration, PrintStream log)
            throws IOException, InterruptedException {
        try {
            connectFirst();
            loop.scheduleAtFixedRate(this::checkTimeouts, TIMEOUT_CHECK_MILLIS, TIMEOUT_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
            loop.execute(() -> {
                callers.forEach(this::send);
                flushDirty();
            });
            TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
            long start = System.nanoTime();
            phase = Phase.MEASURE;
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
            long end = System.nanoTime();
            phase = Phase.STOP;
            if (stats.firstError() != null) {
                log.println("first error: " + stats.firstError());
            }
            return stats.measurement(end - start);
        } finally {
            phase = Phase.STOP;
            group.shutdownGracefully(0, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }

    private void connectFirst() throws IOException {
        if (scenario == Scenario.MUX) {
            for (int i = 0; i < Scenario.MUX_CONNECTIONS; i++) {
                mux.add(connect(null));
            }
        } else {
            for (Caller c : callers) {
                c.channel = connect(c);
            }
        }
        if (scenario == Scenario.IDLE) {
            for (int i = 0; i < Scenario.IDLE_PER_BUSY * callers.size(); i++) {
                idle.add(connect(null));
            }
        }
    }

    private Channel connect(Caller owner) throws IOException {
        ChannelFuture f = bootstrap.connect(address).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new IOException("connect to " + address + " failed: " + f.cause(), f.cause());
        }
        bind(f.channel(), owner);
        return f.channel();
    }

    private static void bind(Channel ch, Caller owner) {
        ResponseHandler h = ch.pipeline().get(ResponseHandler.class);
        h.owner = owner;
    }

    /**
     * Writes the caller's next request; event loop only. The write is flushed by
     * {@link #flushDirty()}: after the read that completed the previous call, or at once by
     * callers outside a read.
     */
    private void send(Caller c) {
        if (phase == Phase.STOP) {
            return;
        }
        Channel ch = c.channel;
        if (scenario == Scenario.MUX) {
            cursor = (cursor + 1) % mux.size();
            ch = mux.get(cursor);
        }
        if (ch == null || !ch.isActive()) {
            finish(c, CallStats.Kind.FAILURE, "connection " + ch + " is closed");
            return;
        }
        c.channel = ch;
        c.id++;
        Payloads.fill(c.payload, c.id);
        ResponseHandler h = ch.pipeline().get(ResponseHandler.class);
        if (scenario == Scenario.MUX) {
            h.pending.put(c.id, c);
        }
        c.sentAt = System.nanoTime();
        c.inFlight = true;
        ch.write(NettyFrameDecoder.encode(ch.alloc(), c.payload), ch.voidPromise());
        if (!h.dirty) {
            h.dirty = true;
            dirty.add(ch);
        }
    }

    /** Flushes every channel written since the last flush; event loop only. */
    private void flushDirty() {
        for (Channel ch : dirty) {
            ch.pipeline().get(ResponseHandler.class).dirty = false;
            ch.flush();
        }
        dirty.clear();
    }

    private void onResponse(Caller c, byte[] response) {
        if (c == null || !c.inFlight) {
            return;
        }
        c.inFlight = false;
        long latency = System.nanoTime() - c.sentAt;
        String problem = Payloads.check(response, size, c.id);
        CallStats.Kind outcome = problem != null ? CallStats.Kind.MISMATCH
                : latency > timeoutNanos ? CallStats.Kind.TIMEOUT : CallStats.Kind.OK;
        if (phase == Phase.MEASURE) {
            stats.count(outcome, latency, problem);
        }
        send(c);
    }

    private void finish(Caller c, CallStats.Kind outcome, String problem) {
        c.inFlight = false;
        if (phase == Phase.MEASURE) {
            stats.count(outcome, 0, problem);
        }
        if (scenario != Scenario.MUX) {
            replaceConnection(c);
        } else {
            loop.schedule(() -> {
                send(c);
                flushDirty();
            }, TIMEOUT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void replaceConnection(Caller c) {
        if (c.channel != null) {
            bind(c.channel, null);
            c.channel.close();
        }
        c.channel = null;
        if (phase == Phase.STOP) {
            return;
        }
        bootstrap.connect(address).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                bind(f.channel(), c);
                c.channel = f.channel();
                send(c);
                flushDirty();
            } else {
                loop.schedule(() -> replaceConnection(c), TIMEOUT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (Caller c : callers) {
            if (c.inFlight && now - c.sentAt > timeoutNanos) {
                if (scenario == Scenario.MUX) {
                    c.channel.pipeline().get(ResponseHandler.class).pending.remove(c.id);
                }
                finish(c, CallStats.Kind.TIMEOUT, "no response within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
        }
        flushDirty();
    }


    /** One caller's state; event loop only. */
    private final class Caller {
        private final byte[] payload = new byte[size];
        private long id;
        private long sentAt;
        private boolean inFlight;
        private Channel channel;

        Caller(long firstId) {
            this.id = firstId;
        }
    }

    /** Hands each response to its caller and flushes what the callers wrote meanwhile. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<byte[]> {
        /** The caller that owns this channel in scenarios 1 and 2; event loop only. */
        private Caller owner;
        /** Callers waiting on this channel in scenario 3, by request id; event loop only. */
        private final Map<Long, Caller> pending = new HashMap<>();
        /** Whether this channel is in {@link #dirty}; event loop only. */
        private boolean dirty;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, byte[] response) {
            Caller c = scenario == Scenario.MUX
                    ? (response.length >= Payloads.MIN_BYTES ? pending.remove(Payloads.idOf(response)) : null)
                    : owner;
            onResponse(c, response);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushDirty();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Caller c = owner;
            if (c != null && c.inFlight && phase != Phase.STOP) {
                finish(c, CallStats.Kind.FAILURE, "connection closed by the server");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
