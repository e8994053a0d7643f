package netpoll.api;

import java.net.SocketTimeoutException;

/**
 * A connect that did not complete within the dial timeout. The message names the
 * addresses and the timeout.
 */
public class DialTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message names the addresses, what was waited for, and the timeout
     */
    public DialTimeoutException(String message) {
        super(message);
    }
}
