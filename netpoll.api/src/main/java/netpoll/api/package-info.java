/**
 * The netpoll contract: nocopy {@link netpoll.api.Reader}/{@link netpoll.api.Writer},
 * {@link netpoll.api.Connection}, the server {@link netpoll.api.EventLoop} with its callbacks, the
 * {@link netpoll.api.Dialer}, and the static entry point {@link netpoll.api.Netpoll}.
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>poller</dt><dd>a transport thread that owns a set of sockets and moves bytes between them
 *     and the connections' buffers; user code never runs there except in serial mode.</dd>
 * <dt>worker</dt><dd>a thread of the event loop's executor on which {@link netpoll.api.OnRequest}
 *     runs.</dd>
 * <dt>the reader, the writer</dt><dd>the one thread at a time that reads from a connection, and
 *     the one thread at a time that fills and flushes its nocopy writer. A reader and a writer
 *     may work at the same time.</dd>
 * <dt>happens-before</dt><dd>as in the Java Memory Model: bytes written before
 *     {@link netpoll.api.Writer#flush()} are visible to the thread that reads them.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.api;
