package netpoll.benchmarks.nio;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.spi.Transport;
import netpoll.benchmarks.JmhDefaults;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One echo round trip (4-byte length + 1 KiB payload, DESIGN.md's protocol) over loopback,
 * client and server in this JVM, the server's handler off the I/O thread: netpoll against
 * Netty 4.2 NIO with its handler offloaded to a business executor, as RPC frameworks do. Run
 * with {@code -prof gc}: B/op is what one request costs in garbage, client and server together.
 */
public class EchoRoundTripBenchmark extends JmhDefaults {

    static final int PAYLOAD = 1024;

    /** netpoll server and a dialed netpoll client. */
    @State(Scope.Thread)
    public static class NetpollEcho {
        Transport transport;
        EventLoop loop;
        Connection client;
        final byte[] payload = new byte[PAYLOAD];
        Thread serving;

        @Setup(Level.Trial)
        public void start() throws Exception {
            transport = Nio.newTransport(NioConfig.builder().name("bench").build());
            Listener listener = transport.createListener(Network.TCP, Network.TCP.resolve("127.0.0.1:0"));
            loop = transport.newEventLoop((Object ctx, Connection c) -> {
                int n = c.readInt();
                ByteBuffer request = c.next(n);
                c.writeInt(n);
                c.malloc(n).put(request);
                c.release();
                c.flush();
            }, EventLoopOptions.defaults());
            serving = new Thread(() -> {
                try {
                    loop.serve(listener);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-serve");
            serving.start();
            client = transport.dialer().dialConnection(listener.localAddress(), Duration.ofSeconds(5));
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close();
            loop.shutdown(Duration.ofSeconds(5));
            transport.close();
        }
    }

    /** Netty server (handler offloaded to an executor) and a Netty client. */
    @State(Scope.Thread)
    public static class NettyEcho {
        EventLoopGroup group;
        ExecutorService business;
        Channel server;
        Channel client;
        final BlockingQueue<ByteBuf> responses = new ArrayBlockingQueue<>(1);
        final byte[] payload = new byte[PAYLOAD];

        @Setup(Level.Trial)
        public void start() throws Exception {
            group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            business = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
            server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(framed((ctx, msg) -> business.execute(() -> {
                        int n = msg.readableBytes();
                        ByteBuf out = ctx.alloc().directBuffer(4 + n);
                        out.writeInt(n).writeBytes(msg);
                        msg.release();
                        ctx.writeAndFlush(out);
                    }))).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(framed((ctx, msg) -> responses.add(msg))).connect(server.localAddress()).sync().channel();
        }

        /** What a channel does with each frame (the length field stripped); the frame is the callee's. */
        interface OnFrame {
            void accept(ChannelHandlerContext ctx, ByteBuf frame);
        }

        /** A pipeline that cuts the echo protocol's frames and hands each to {@code onFrame}. */
        private static ChannelInitializer<SocketChannel> framed(OnFrame onFrame) {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                            new SimpleChannelInboundHandler<ByteBuf>(false) {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    onFrame.accept(ctx, msg);
                                }
                            });
                }
            };
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close().sync();
            server.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            business.shutdownNow();
        }
    }

    @Benchmark
    public int netpoll(NetpollEcho e) throws Exception {
        Connection c = e.client;
        c.writeInt(PAYLOAD);
        c.writeBinary(e.payload);
        c.flush();
        int n = c.readInt();
        ByteBuffer response = c.next(n);
        int first = response.get(0);
        c.release();
        return first;
    }

    @Benchmark
    public int netty(NettyEcho e) throws Exception {
        ByteBuf out = e.client.alloc().directBuffer(4 + PAYLOAD);
        out.writeInt(PAYLOAD).writeBytes(e.payload);
        e.client.writeAndFlush(out);
        ByteBuf response = e.responses.take();
        int first = response.getByte(0);
        response.release();
        return first;
    }
}
