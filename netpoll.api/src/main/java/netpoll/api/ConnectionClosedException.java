package netpoll.api;

import java.io.IOException;

/**
 * A read, write or flush on a connection that was closed locally (by {@link Connection#close()},
 * a fatal error, a limit or shutdown) before or while it ran. The message names the connection
 * and why it was closed; the cause, when there is one, is what closed it.
 */
public class ConnectionClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message names the connection, the operation and the reason
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * Makes the exception.
     *
     * @param message names the connection, the operation and the reason
     * @param cause what closed the connection
     */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
