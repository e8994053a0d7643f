package netpoll.nio.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import netpoll.api.Listener;
import netpoll.api.Network;

/**
 * A bound, non-blocking server socket. Thread-safe: {@link #close} may be called from any
 * thread; the channel is accepted from only by the event loop's poller.
 */
final class NioListener implements Listener {

    private static final int BACKLOG = 1024;

    private final Network network;
    final ServerSocketChannel channel;
    private final SocketAddress local;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<NioListener> onClose;

    private NioListener(Network network, ServerSocketChannel channel, Consumer<NioListener> onClose) throws IOException {
        this.network = network;
        this.channel = channel;
        this.local = channel.getLocalAddress();
        this.onClose = onClose;
    }

    static NioListener bind(Network network, SocketAddress address, Consumer<NioListener> onClose) throws IOException {
        ServerSocketChannel channel = open(network, address);
        try {
            channel.configureBlocking(false);
            if (network != Network.UNIX) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(address, BACKLOG);
            return new NioListener(network, channel, onClose);
        } catch (IOException e) {
            channel.close();
            BindException named = new BindException("cannot listen on " + network + " " + address
                    + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static ServerSocketChannel open(Network network, SocketAddress address) throws IOException {
        return switch (network) {
            case UNIX -> {
                if (!(address instanceof UnixDomainSocketAddress)) {
                    throw new IllegalArgumentException("network unix needs a UnixDomainSocketAddress, got " + address);
                }
                yield ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            }
            case TCP4 -> ServerSocketChannel.open(StandardProtocolFamily.INET);
            case TCP6 -> ServerSocketChannel.open(StandardProtocolFamily.INET6);
            case TCP -> {
                if (!(address instanceof InetSocketAddress)) {
                    throw new IllegalArgumentException("network tcp needs an InetSocketAddress, got " + address);
                }
                yield ServerSocketChannel.open();
            }
        };
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() throws IOException {
        close(null, 0);
    }

    /**
     * Closes the listener; when {@code poller} accepts on it, through that poller, so that the
     * port is free when this returns (see {@link Poller#closeRegistered}).
     *
     * @param poller the poller it is registered with, or null
     * @param timeoutMillis how long to wait for that poller
     */
    void close(Poller poller, long timeoutMillis) throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (poller != null) {
                poller.closeRegistered(channel, timeoutMillis);
            } else {
                channel.close();
            }
        } finally {
            if (local instanceof UnixDomainSocketAddress unix) {
                Files.deleteIfExists(unix.getPath());
            }
            onClose.accept(this);
        }
    }

    @Override
    public String toString() {
        return "listener " + network + " " + local;
    }
}
