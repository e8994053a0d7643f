package netpoll.nio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.concurrent.TimeUnit;

/**
 * TCP keep-alive as Go netpoll sets it: probes after the idle time, repeated at the same
 * interval. The idle/interval/count options are {@code jdk.net.ExtendedSocketOptions}; they are
 * looked up by name among the channel's supported options, so this module neither requires nor
 * imports {@code jdk.net}: where the JDK (or the module graph) lacks them, plain SO_KEEPALIVE is
 * set with the system's timings.
 */
final class KeepAlive {

    private static final int PROBES = 3;

    private KeepAlive() {
    }

    static void apply(NetworkChannel channel, long idleNanos, Object owner) {
        if (!channel.supportedOptions().contains(StandardSocketOptions.SO_KEEPALIVE)) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, idleNanos > 0);
            if (idleNanos <= 0) {
                return;
            }
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toSeconds(idleNanos)));
            setIfSupported(channel, "TCP_KEEPIDLE", seconds);
            setIfSupported(channel, "TCP_KEEPINTERVAL", seconds);
            setIfSupported(channel, "TCP_KEEPCOUNT", PROBES);
        } catch (IOException e) {
            throw new UncheckedIOException(owner + ": cannot set TCP keep-alive", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void setIfSupported(NetworkChannel channel, String name, int value) throws IOException {
        for (SocketOption<?> option : channel.supportedOptions()) {
            if (option.name().equals(name) && option.type() == Integer.class) {
                channel.setOption((SocketOption<Integer>) option, value);
                return;
            }
        }
    }
}
