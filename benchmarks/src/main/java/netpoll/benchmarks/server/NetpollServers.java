package netpoll.benchmarks.server;

/**
 * Makes the netpoll server for a mode. The {@code mux} server needs {@code netpoll.mux} and
 * {@code netpoll.mcache.LinkBuffer}, which this build does not have yet: its source waits in
 * {@code benchmarks/src/pending/java} together with the version of this class that makes it.
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
     * @throws UnsupportedOperationException for {@code mux}, saying what is missing
     */
    static EchoServer create(String network, String address, ServerMode mode, int workers) {
        if (mode == ServerMode.MUX) {
            throw new UnsupportedOperationException("the netpoll mux server needs netpoll.mux.ShardQueue"
                    + " and netpoll.mcache.LinkBuffer, which this build does not have yet"
                    + " (benchmarks/src/pending/java holds it)");
        }
        return new NetpollEchoServer(network, address, mode);
    }
}
