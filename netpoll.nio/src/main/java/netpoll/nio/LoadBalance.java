package netpoll.nio;

/**
 * How new connections are spread over the pollers, as Go netpoll's {@code LoadBalance}.
 */
public enum LoadBalance {
    /** Each new connection goes to the next poller in turn. */
    ROUND_ROBIN,
    /** Each new connection goes to a poller picked at random. */
    RANDOM
}
