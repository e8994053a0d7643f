package netpoll.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs once when a connection closes, whatever the reason; see
 * {@link Connection#addCloseCallback(CloseCallback)} for the order.
 */
@ConsumerType
@FunctionalInterface
public interface CloseCallback {

    /**
     * Handles the close.
     *
     * @param connection the closed connection
     * @throws Exception logged; the remaining callbacks still run
     */
    void onClose(Connection connection) throws Exception;
}
