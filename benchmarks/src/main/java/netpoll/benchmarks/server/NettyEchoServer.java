package netpoll.benchmarks.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import netpoll.benchmarks.echo.EchoHandler;
import netpoll.benchmarks.echo.NettyChannels;
import netpoll.benchmarks.echo.NettyFrameDecoder;
import netpoll.benchmarks.harness.Endpoint;

/**
 * The Netty 4.2 server with its recommended settings: NIO ({@code NioIoHandler} on a
 * {@code MultiThreadIoEventLoopGroup}), one event loop for the one core it runs on (it also
 * accepts), the pooled allocator, TCP_NODELAY (or Netty's NIO Unix domain sockets). In {@code rpc} and {@code mux} modes each decoded
 * request goes to a {@link BusinessExecutor}, which runs the handler and writes the response
 * back, as RPC frameworks on Netty do; in {@code serial} mode the handler runs on the event loop
 * and responses are flushed once per read.
 *
 * <p>Thread contract: {@link #start()}/{@link #close()} from the controlling thread; the
 * handler runs on the event loop (serial) or a business thread, and Netty moves writes from
 * business threads to the event loop.
 */
public final class NettyEchoServer implements EchoServer {

    private static final int BACKLOG = 4096;
    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2000;

    private final SocketAddress address;
    private final ServerMode mode;
    private final int businessThreads;
    private EventLoopGroup group;
    private ExecutorService business;
    private Channel server;

    /**
     * @param address where to listen: TCP, or a Unix socket's path (its file is deleted on close)
     * @param mode how the handler runs
     * @param businessThreads the business pool's size ({@code rpc}/{@code mux})
     */
    public NettyEchoServer(SocketAddress address, ServerMode mode, int businessThreads) {
        this.address = address;
        this.mode = mode;
        this.businessThreads = businessThreads;
    }

    @Override
    public SocketAddress start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        business = mode == ServerMode.SERIAL ? null : BusinessExecutor.create(businessThreads, "netty-business-");
        EchoRequestHandler handler = new EchoRequestHandler(business);
        ServerBootstrap bootstrap = NettyChannels.server(new ServerBootstrap().group(group), address)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NettyFrameDecoder(), handler);
                    }
                });
        try {
            server = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IOException("netty server cannot bind " + address + ": " + e.getMessage(), e);
        }
        return server.localAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly();
            Endpoint.deleteSocketFileQuietly(address);
        }
        if (group != null) {
            group.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly();
        }
        if (business != null) {
            business.shutdownNow();
        }
    }

    /** Runs the handler inline (serial) or on the business pool; shared by every channel. */
    @ChannelHandler.Sharable
    private static final class EchoRequestHandler extends SimpleChannelInboundHandler<byte[]> {
        private final ExecutorService business;

        EchoRequestHandler(ExecutorService business) {
            this.business = business;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, byte[] request) {
            if (business == null) {
                ctx.write(NettyFrameDecoder.encode(ctx.alloc(), EchoHandler.respond(request)));
                return;
            }
            business.execute(() -> ctx.writeAndFlush(
                    NettyFrameDecoder.encode(ctx.alloc(), EchoHandler.respond(request))));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (business == null) {
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
