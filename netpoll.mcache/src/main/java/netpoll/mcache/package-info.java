/**
 * Pooled direct memory for netpoll: {@link netpoll.mcache.Mcache}, a cache of power-of-two size
 * classes of direct byte buffers, and {@link netpoll.mcache.LinkBuffer}, the nocopy
 * {@link netpoll.api.ReadWriter} built on it (a linked list of pooled nodes with zero-copy reads,
 * slices and appends).
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>plain</dt><dd>an ordinary field access; safe only for data one thread owns, or that reaches
 *     another thread through a happens-before edge made elsewhere.</dd>
 * <dt>opaque</dt><dd>{@code VarHandle.setOpaque/getOpaque}: no tearing, eventually visible, no
 *     ordering; used for counters that are read as approximations.</dd>
 * <dt>release / acquire</dt><dd>{@code VarHandle.setRelease/getAcquire}: every write before the
 *     release store is visible to a thread whose acquire load sees that store. A
 *     {@link netpoll.mcache.LinkBuffer}'s flush publishes its bytes with a release store; the
 *     reader sees them with an acquire load.</dd>
 * <dt>CAS</dt><dd>{@code compareAndSet} (acquire and release at once); used where two threads may
 *     race for the same transition (a double free, the detaching of an idle buffer's nodes).</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.mcache;
