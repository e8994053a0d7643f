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
     * @param workers the business pool's size in {@code mux} mode
     * @return the server, not yet started
     */
    static EchoServer create(String network, String address, ServerMode mode, int workers) {
        return mode == ServerMode.MUX
                ? new NetpollMuxServer(network, address, workers)
                : new NetpollEchoServer(network, address, mode);
    }
}
