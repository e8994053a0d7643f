package netpoll.benchmarks.server;

import java.io.IOException;
import java.net.SocketAddress;
import netpoll.api.Listener;
import netpoll.api.Netpoll;
import netpoll.api.Network;
import netpoll.benchmarks.harness.Endpoint;

/**
 * Makes the netpoll server for a mode.
 */
final class NetpollServers {

    private NetpollServers() {
    }

    /**
     * @param address a TCP address or a Unix socket's path
     * @param mode how the handler runs
     * @param workers the business pool's size in {@code mux} mode
     * @return the server, not yet started
     */
    static EchoServer create(SocketAddress address, ServerMode mode, int workers) {
        return mode == ServerMode.MUX
                ? new NetpollMuxServer(address, workers)
                : new NetpollEchoServer(address, mode);
    }

    /**
     * @param address a TCP address or a Unix socket's path
     * @return a listener bound to it by the default transport
     * @throws IOException when it cannot be bound
     */
    static Listener listen(SocketAddress address) throws IOException {
        return Netpoll.transport().createListener(Endpoint.isUnix(address) ? Network.UNIX : Network.TCP, address);
    }
}
