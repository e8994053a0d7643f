package netpoll.nio;

import netpoll.api.spi.Transport;
import netpoll.nio.internal.NioTransport;

/**
 * Builds NIO transports explicitly, for applications that want their own configuration or
 * lifetime instead of the default transport {@link netpoll.api.Netpoll} finds.
 */
public final class Nio {

    private Nio() {
    }

    /**
     * A new transport with the given configuration. Its threads start on first use; close it to
     * stop every one of them.
     *
     * @param config the configuration
     * @return the transport
     */
    public static Transport newTransport(NioConfig config) {
        return new NioTransport(config);
    }
}
