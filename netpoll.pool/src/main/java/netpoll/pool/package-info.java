/**
 * A keyed pool of client {@link netpoll.api.Connection}s on Apache Commons Pool2's
 * {@code GenericKeyedObjectPool}, keyed by remote address, that never lends a connection the
 * transport already knows is dead.
 *
 * <p>Build one with {@link netpoll.pool.ConnectionPool#create(netpoll.api.Dialer,
 * netpoll.pool.PoolConfig)}; borrow with try-with-resources:
 * <pre>{@code
 * try (Connection c = pool.borrow(address)) {
 *     c.writeInt(4); c.writeBinary(payload); c.flush();
 *     int n = c.readInt(); ...
 * }
 * }</pre>
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>borrower</dt><dd>the thread that borrowed a connection and uses it until it gives it
 *     back; a borrowed connection has one borrower at a time.</dd>
 * <dt>idle</dt><dd>a connection in the pool, not lent to anyone.</dd>
 * <dt>evicted</dt><dd>taken out of the pool and closed, never to be lent again.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.pool;
