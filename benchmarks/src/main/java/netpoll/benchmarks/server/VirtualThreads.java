package netpoll.benchmarks.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads, looked up at run time: this module compiles with {@code --release 17}, where
 * {@code Thread.ofVirtual()} does not exist, and runs on any later JDK.
 */
public final class VirtualThreads {

    /** The first JDK with final virtual threads. */
    public static final int FIRST_JDK = 21;

    private VirtualThreads() {
    }

    /**
     * @return whether this JVM has virtual threads enabled
     */
    public static boolean available() {
        try {
            factory("probe-");
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * A factory of virtual threads named {@code prefix} plus a counter.
     *
     * @param prefix the thread name prefix
     * @return the factory
     * @throws UnsupportedOperationException naming the running JDK and the one needed when
     *     this JVM has no virtual threads
     */
    public static ThreadFactory factory(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Method name = builderType.getMethod("name", String.class, long.class);
            builder = name.invoke(builder, prefix, 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException | ClassNotFoundException | IllegalAccessException e) {
            throw unsupported(e);
        } catch (InvocationTargetException e) {
            throw unsupported(e.getCause());
        }
    }

    private static UnsupportedOperationException unsupported(Throwable cause) {
        return new UnsupportedOperationException("virtual threads need JDK " + FIRST_JDK
                + " or newer; this is JDK " + Runtime.version() + " (" + System.getProperty("java.home")
                + "): run with a newer java", cause);
    }
}
