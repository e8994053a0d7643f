package netpoll.benchmarks.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.SocketAddress;
import netpoll.benchmarks.harness.Endpoint;

/**
 * Netty's NIO channel types for an address: TCP channels with TCP_NODELAY, or Netty 4.2's NIO
 * Unix domain socket channels (JDK 16+), which have no TCP options.
 */
public final class NettyChannels {

    private NettyChannels() {
    }

    /**
     * @param bootstrap a client bootstrap
     * @param address where it will connect
     * @return the bootstrap with the channel type (and TCP_NODELAY for TCP) set
     */
    public static Bootstrap client(Bootstrap bootstrap, SocketAddress address) {
        return Endpoint.isUnix(address)
                ? bootstrap.channel(NioDomainSocketChannel.class)
                : bootstrap.channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * @param bootstrap a server bootstrap
     * @param address where it will listen
     * @return the bootstrap with the channel type (and TCP_NODELAY on accepted TCP channels) set
     */
    public static ServerBootstrap server(ServerBootstrap bootstrap, SocketAddress address) {
        return Endpoint.isUnix(address)
                ? bootstrap.channel(NioServerDomainSocketChannel.class)
                : bootstrap.channel(NioServerSocketChannel.class).childOption(ChannelOption.TCP_NODELAY, true);
    }
}
