package netpoll.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The request handler: runs on a worker (on the poller thread in serial mode) while the
 * connection has unread input.
 *
 * <p>Guarantees:
 * <ul>
 * <li>At most one {@code onRequest} runs at a time for a connection.</li>
 * <li>When it returns and unread input remains, or more arrived meanwhile, it runs again; no
 *     input is left unseen.</li>
 * <li>It runs at least once for bytes that arrived just before the peer closed.</li>
 * <li>If it returns without consuming anything, it is not run again until more bytes arrive
 *     (no busy loop, Go netpoll issue #80).</li>
 * <li>Close callbacks never run while it is running; {@link OnDisconnect} may.</li>
 * </ul>
 * It may block on reads (they wait for more input) and flush its responses itself.
 *
 * @param <C> the type of the per-connection context
 */
@ConsumerType
@FunctionalInterface
public interface OnRequest<C> {

    /**
     * Handles the input that is buffered on {@code connection}.
     *
     * @param context the per-connection context
     * @param connection the connection with input
     * @throws Exception to close this connection (only this one); the exception is logged
     */
    void onRequest(C context, Connection connection) throws Exception;
}
