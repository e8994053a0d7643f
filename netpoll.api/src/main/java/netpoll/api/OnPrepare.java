package netpoll.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs for each accepted connection before it is registered with a poller, so nothing has been
 * read from it yet: set timeouts and close callbacks here, and build the per-connection context.
 * Runs on the accepting poller thread: it must not block.
 *
 * @param <C> the type of the per-connection context (Go's {@code context.Context})
 */
@ConsumerType
@FunctionalInterface
public interface OnPrepare<C> {

    /**
     * Prepares a new connection.
     *
     * @param connection the accepted connection
     * @return the context that the later callbacks receive, may be null
     * @throws Exception to refuse the connection: it is closed and the reason logged
     */
    C onPrepare(Connection connection) throws Exception;
}
