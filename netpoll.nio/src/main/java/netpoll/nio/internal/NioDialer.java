package netpoll.nio.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import netpoll.api.Connection;
import netpoll.api.DialTimeoutException;
import netpoll.api.Dialer;

/**
 * Connects without blocking a poller: the connect is started on the calling thread, finished on
 * a poller (OP_CONNECT), and the caller waits for it up to the timeout. Thread-safe.
 */
final class NioDialer implements Dialer {

    private final NioTransport transport;

    NioDialer(NioTransport transport) {
        this.transport = transport;
    }

    @Override
    public Connection dialConnection(SocketAddress address, Duration timeout) throws IOException {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("dial timeout must not be negative, was " + timeout);
        }
        Poller poller = transport.nextPoller();
        SocketChannel channel = open(address);
        try {
            channel.configureBlocking(false);
            if (address instanceof InetSocketAddress) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (!channel.connect(address)) {
                awaitConnect(channel, poller, address, timeout);
            }
            return transport.adoptDialed(poller, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SocketChannel open(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        }
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new IOException("cannot dial " + inet + ": the host name did not resolve");
            }
            return SocketChannel.open();
        }
        throw new IllegalArgumentException("cannot dial " + address
                + ": netpoll dials InetSocketAddress and UnixDomainSocketAddress");
    }

    private static void awaitConnect(SocketChannel channel, Poller poller, SocketAddress address,
                                     Duration timeout) throws IOException {
        ConnectWait wait = new ConnectWait(channel);
        poller.execute(() -> {
            try {
                wait.key = poller.register(channel, SelectionKey.OP_CONNECT, wait);
            } catch (ClosedChannelException | RuntimeException e) {
                wait.done.completeExceptionally(e);
            }
        });
        try {
            if (timeout == null || timeout.isZero()) {
                wait.done.get();
            } else {
                wait.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new DialTimeoutException("dial " + address + ": no connection after " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("dial " + address + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            ConnectException named = new ConnectException("dial " + address + ": " + cause.getMessage());
            named.initCause(cause);
            throw named;
        }
    }

    /** Finishes a pending connect on the poller thread when OP_CONNECT fires. */
    private static final class ConnectWait implements Poller.Ready {
        private final SocketChannel channel;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Poller thread only. */
        private SelectionKey key;

        ConnectWait(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onReady(int readyOps) {
            try {
                if (channel.finishConnect()) {
                    key.interestOps(0);
                    done.complete(null);
                }
            } catch (IOException e) {
                key.cancel();
                done.completeExceptionally(e);
            }
        }
    }
}
