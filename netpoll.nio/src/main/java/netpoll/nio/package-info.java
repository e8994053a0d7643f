/**
 * Configuration of the NIO transport: {@link netpoll.nio.NioConfig} and
 * {@link netpoll.nio.Nio#newTransport(NioConfig)}, for applications that build their own
 * transport instead of taking the default one that {@link netpoll.api.Netpoll} finds. Everything
 * else of the transport is internal.
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>immutable</dt><dd>safe to share between threads without synchronization.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.nio;
