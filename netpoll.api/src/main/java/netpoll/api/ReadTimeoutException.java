package netpoll.api;

import java.net.SocketTimeoutException;

/**
 * A read that did not get the bytes it waited for within the connection's read timeout.
 * The connection stays open: the caller may read again. The message names the
 * addresses and the timeout.
 */
public class ReadTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message names the addresses, what was waited for, and the timeout
     */
    public ReadTimeoutException(String message) {
        super(message);
    }
}
