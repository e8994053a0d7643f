package netpoll.pool;

import java.util.NoSuchElementException;

/**
 * No connection became free within the borrower's wait: the address or the whole pool was at its
 * limit. The message names the address, the limits and the wait.
 */
public class PoolExhaustedException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the address, the limit and the wait
     * @param cause Commons Pool's exception
     */
    public PoolExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
