/**
 * The service provider interface: what a transport implementation (such as {@code netpoll.nio})
 * provides so that {@link netpoll.api.Netpoll} and OSGi users can find it.
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>thread-safe</dt><dd>every method may be called from any thread at any time, concurrently;
 *     calls after {@link netpoll.api.spi.Transport#close()} fail with
 *     {@link java.lang.IllegalStateException}.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.api.spi;
