package netpoll.gopool;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Test helpers: live-thread snapshots and bounded waits (deadline plus short parks, no fixed sleeps). */
final class Threads {

    /** How long a bounded wait parks between two looks at its condition. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Threads() {
    }

    /** @return every live thread (platform threads; virtual ones are not listed by the JDK) */
    static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** @return live threads whose name is {@code <poolName>-<n>} */
    static Set<Thread> named(String poolName) {
        return live().stream().filter(t -> t.getName().matches(java.util.regex.Pattern.quote(poolName) + "-\\d+"))
                .collect(Collectors.toSet());
    }

    /** Waits until a condition holds or the time is up; returns the condition's last value. */
    static boolean awaitCondition(BooleanSupplier condition, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    /** Waits until every given thread has ended, or the time is up. */
    static boolean awaitDead(Collection<Thread> threads, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
