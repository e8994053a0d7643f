package netpoll.nio.internal;

import netpoll.api.Connection;

/**
 * What {@code netpoll.mux} may ask of the transport's pollers: whether a connection's poller
 * shares its core with a busy thread from outside ({@link Yielder#crowded()}). Public for that
 * package only; this package is not exported.
 *
 * <p>Thread contract: any thread.
 */
public final class Crowding {

    private Crowding() {
    }

    /**
     * @param connection a connection
     * @return true while the poller serving it finds its core crowded (a quarter of its recent
     *         yields slow and the process starved, see {@link Yielder#crowded()}); false for a
     *         connection of another transport
     */
    public static boolean crowded(Connection connection) {
        return connection instanceof NioConnection c && c.poller.crowded();
    }
}
