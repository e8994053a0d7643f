package netpoll.benchmarks.server;

/**
 * Makes the netpoll server for a mode.
 */
final class NetpollServers {

    private NetpollServers() {
    }

    /**
     * @param network "tcp" or "unix"
     * @param address in Go's form
     * @param mode how the handler runs
     * @return the server, not yet started
     */
    static EchoServer create(String network, String address, ServerMode mode) {
        return new NetpollEchoServer(network, address, mode);
    }
}
