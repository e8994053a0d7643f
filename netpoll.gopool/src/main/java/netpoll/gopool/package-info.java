/**
 * The goroutine-style task pool: {@link netpoll.gopool.GoPool}, an
 * {@link java.util.concurrent.ExecutorService} that hands tiny tasks to a bounded set of reused
 * workers, starts workers as the backlog grows (up to a capacity), lets idle ones leave after a
 * keep-alive time, and hands a task's failure to a panic handler instead of losing the worker.
 * It is the Java counterpart of bytedance/gopkg's {@code util/gopool} and netpoll's default
 * executor for {@code OnRequest} handlers.
 *
 * <h2>Words used in the thread contracts</h2>
 * <dl>
 * <dt>submitter</dt><dd>any thread that calls {@code go}/{@code execute}/{@code submit}; in
 *     netpoll, usually a poller thread.</dd>
 * <dt>worker</dt><dd>a thread of the pool, named {@code <pool name>-<n>}.</dd>
 * <dt>idle, searching</dt><dd>a worker is idle while it is parked waiting for work, searching
 *     while it looks at the queue for a task (just woken, just started, or spinning briefly on an
 *     empty queue before it parks). A submitter wakes a worker only when none is searching.</dd>
 * <dt>happens-before</dt><dd>as in the Java Memory Model: everything a submitter did before
 *     submitting a task is visible to the task when it runs.</dd>
 * </dl>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package netpoll.gopool;
