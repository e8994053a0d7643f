package netpoll.pool;

import java.net.ConnectException;

/**
 * The pool had to dial a new connection and the dial failed or timed out. The message names the
 * address and the dial timeout; the cause is the dialer's exception (a
 * {@link netpoll.api.DialTimeoutException}, a {@link ConnectException}, ...).
 */
public class DialFailedException extends ConnectException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the address and the dial timeout
     * @param cause the dialer's exception
     */
    public DialFailedException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
