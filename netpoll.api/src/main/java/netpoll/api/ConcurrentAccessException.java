package netpoll.api;

/**
 * A second thread tried to flush a connection's nocopy writer while another flush was under
 * way. Nothing was written by the second thread, and the first flush is not disturbed. This is
 * a programming error: the nocopy writer has one owner at a time; threads that share a
 * connection use {@link Connection#write(java.nio.ByteBuffer)} or a mux queue.
 */
public class ConcurrentAccessException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message names the connection and the operation
     */
    public ConcurrentAccessException(String message) {
        super(message);
    }
}
