package netpoll.gopool.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the pool's virtual threads on JDK 21+, named {@code <pool name>-<n>}, without compiling
 * against JDK 21: {@code Thread.ofVirtual().name(..).unstarted(..)} is looked up once, as method
 * handles, when the factory is made.
 *
 * <p>Thread contract: safe from any thread. A {@code Thread.Builder} is not thread-safe, so each
 * thread gets a builder of its own; the method handles and the atomic counter are shared.
 */
public final class VirtualThreadFactory implements ThreadFactory {

    /** The first JDK feature release with virtual threads as a final feature. */
    public static final int FIRST_JDK = 21;

    private final String prefix;
    private final MethodHandle ofVirtual;
    private final MethodHandle name;
    private final MethodHandle unstarted;
    /** Last number handed out: incremented atomically by any thread that makes a worker. */
    private final AtomicLong counter = new AtomicLong();

    /** Name prefix of a factory that {@link #named} has not named yet. */
    private static final String UNNAMED = "virtual";

    private VirtualThreadFactory(String poolName, MethodHandle ofVirtual, MethodHandle name,
                                 MethodHandle unstarted) {
        this.prefix = poolName + "-";
        this.ofVirtual = ofVirtual;
        this.name = name;
        this.unstarted = unstarted;
    }

    /**
     * Looks up the virtual-thread API of the running JDK, once.
     *
     * @return a factory of virtual threads whose names still need a prefix: see {@link #named}
     * @throws UnsupportedOperationException if the running JDK is older than 21
     */
    public static VirtualThreadFactory lookUp() {
        if (Runtime.version().feature() < FIRST_JDK) {
            throw new UnsupportedOperationException("virtualThreads(true) needs JDK " + FIRST_JDK
                    + "+ (virtual threads); this is JDK " + Runtime.version());
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            MethodHandle name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            MethodHandle unstarted = lookup.findVirtual(builder, "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
            return new VirtualThreadFactory(UNNAMED,
                    ofVirtual.asType(MethodType.methodType(Object.class)),
                    name.asType(MethodType.methodType(Object.class, Object.class, String.class)),
                    unstarted.asType(MethodType.methodType(Thread.class, Object.class, Runnable.class)));
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("JDK " + Runtime.version()
                    + " has no usable Thread.ofVirtual() for virtualThreads(true)", e);
        }
    }

    /**
     * @param poolName the pool's name, the threads' name prefix
     * @return a factory with the same method handles that names threads {@code <poolName>-<n>}
     */
    public VirtualThreadFactory named(String poolName) {
        return new VirtualThreadFactory(poolName, ofVirtual, name, unstarted);
    }

    @Override
    public Thread newThread(Runnable r) {
        try {
            Object builder = ofVirtual.invokeExact();
            builder = name.invokeExact(builder, prefix + counter.incrementAndGet());
            return (Thread) unstarted.invokeExact(builder, r);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.ofVirtual() failed to make thread " + prefix + "*", e);
        }
    }
}
