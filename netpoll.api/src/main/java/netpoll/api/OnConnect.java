package netpoll.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs once for each accepted connection after it is registered, before any {@link OnRequest},
 * on a worker (so it may block, for example to read a handshake).
 *
 * @param <C> the type of the per-connection context
 */
@ConsumerType
@FunctionalInterface
public interface OnConnect<C> {

    /**
     * Handles a new connection.
     *
     * @param context what {@link OnPrepare} returned (null without one)
     * @param connection the connection
     * @return the context for the later callbacks (return {@code context} to keep it)
     * @throws Exception to close the connection; the exception is logged
     */
    C onConnect(C context, Connection connection) throws Exception;
}
