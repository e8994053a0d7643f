package netpoll.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs once when the peer hangs up (end of stream or reset), not when the connection is closed
 * locally. It runs on a worker and may overlap a running {@link OnRequest}: use it to cancel
 * work for a peer that is gone.
 *
 * @param <C> the type of the per-connection context
 */
@ConsumerType
@FunctionalInterface
public interface OnDisconnect<C> {

    /**
     * Handles the peer's hang-up.
     *
     * @param context the per-connection context
     * @param connection the connection, now inactive
     */
    void onDisconnect(C context, Connection connection);
}
