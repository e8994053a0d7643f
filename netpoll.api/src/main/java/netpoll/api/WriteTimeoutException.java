package netpoll.api;

import java.net.SocketTimeoutException;

/**
 * A flush or write whose bytes the peer did not take within the connection's write timeout.
 * The stream is now broken mid-message, so the connection has been closed. The message names the
 * addresses and the timeout.
 */
public class WriteTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message names the addresses, what was waited for, and the timeout
     */
    public WriteTimeoutException(String message) {
        super(message);
    }
}
