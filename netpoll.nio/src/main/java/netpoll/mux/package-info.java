/**
 * Multiplexing many producers over one connection: {@link netpoll.mux.ShardQueue} collects
 * whole encoded messages from any thread and writes them with one flush per batch, as Go
 * netpoll's {@code mux} package does.
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>any thread</dt><dd>the method may be called concurrently from any number of threads.</dd>
 * <dt>the drainer</dt><dd>the single thread at a time that moves queued messages into the
 *     connection's writer and flushes it.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.mux;
