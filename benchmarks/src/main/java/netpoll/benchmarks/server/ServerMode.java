package netpoll.benchmarks.server;

import java.util.List;

/**
 * How a server runs the handler.
 */
public enum ServerMode {
    /** One request at a time per connection, the handler off the I/O thread (scenarios 1, 2). */
    RPC,
    /** Requests of one connection handled concurrently, responses in completion order (3). */
    MUX,
    /** The handler runs on the I/O thread (event-loop servers only): the "Redis" setting. */
    SERIAL;

    /** The names accepted on the command line. */
    public static final List<String> NAMES = List.of("rpc", "mux", "serial");

    /**
     * @param name "rpc", "mux" or "serial"
     * @return the mode
     * @throws IllegalArgumentException naming the accepted names
     */
    public static ServerMode of(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown server mode \"" + name + "\": " + NAMES);
        }
        return values()[i];
    }
}
