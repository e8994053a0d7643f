package netpoll.benchmarks.gopool;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import netpoll.benchmarks.JmhDefaults;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * netpoll's workload for an executor: one (or two) poller threads hand tiny tasks to workers.
 *
 * <ul>
 * <li>{@code throughput1/2}: each producer submits a burst of {@value #BURST} tiny tasks (a
 *     counter increment) and waits, parked, until the last one has run (it unparks the
 *     producer); tasks per second, submit to completion.</li>
 * <li>{@code latency1/2}: each producer submits one task and spins (yielding now and then)
 *     until it has started: submit-to-start time, sampled, back to back (a busy pool).</li>
 * <li>{@code idleLatency1/2}: the same after the pool has been left idle for
 *     {@value Idle#IDLE_MICROS} µs before each sample (outside the measured time), so workers
 *     have parked: submit-to-start including the wake-up.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class HandoffBenchmark extends JmhDefaults {

    /** Tasks per burst in the throughput benchmarks. */
    static final int BURST = 1000;
    /** How long a producer waits for its tasks before the benchmark fails (a lost task). */
    static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Spins between two yields while a producer waits for a task to start. */
    static final int SPINS_PER_YIELD = 64;

    @Param({Pools.GOPOOL, Pools.FIXED, Pools.CACHED, Pools.FORK_JOIN, Pools.VIRTUAL_PER_TASK})
    public String executor;

    ExecutorService pool;

    @Setup(Level.Trial)
    public void start() {
        pool = Pools.create(executor);
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        Pools.stop(pool);
    }

    /** One producer's tasks and counters. */
    @State(Scope.Thread)
    public static class Producer {
        final AtomicLong done = new AtomicLong();
        volatile long target;
        volatile boolean started;
        Thread thread;
        long submitted;
        final Runnable increment = () -> {
            if (done.incrementAndGet() == target) {
                LockSupport.unpark(thread);
            }
        };
        final Runnable ping = () -> started = true;

        @Setup(Level.Trial)
        public void bind() {
            thread = Thread.currentThread();
        }

        void burst(ExecutorService pool) throws TimeoutException {
            long goal = submitted + BURST;
            target = goal;
            for (int i = 0; i < BURST; i++) {
                pool.execute(increment);
            }
            submitted = goal;
            long deadline = System.nanoTime() + STUCK_NANOS;
            while (done.get() < goal) {
                LockSupport.parkNanos(this, STUCK_NANOS);
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException(pool + ": " + (goal - done.get()) + " tasks never ran");
                }
            }
        }

        void ping(ExecutorService pool) throws TimeoutException {
            started = false;
            pool.execute(ping);
            long deadline = System.nanoTime() + STUCK_NANOS;
            int spins = 0;
            while (!started) {
                if (++spins % SPINS_PER_YIELD == 0) {
                    Thread.yield();
                    if (System.nanoTime() - deadline > 0) {
                        throw new TimeoutException(pool + ": a task never started");
                    }
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /** Leaves the pool idle before each latency sample, so that its workers have parked. */
    @State(Scope.Thread)
    public static class Idle {
        static final long IDLE_MICROS = 500;

        @Setup(Level.Invocation)
        public void letWorkersPark() {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(IDLE_MICROS));
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BURST)
    public void throughput1(Producer producer) throws TimeoutException {
        producer.burst(pool);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BURST)
    public void throughput2(Producer producer) throws TimeoutException {
        producer.burst(pool);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void latency1(Producer producer) throws TimeoutException {
        producer.ping(pool);
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void latency2(Producer producer) throws TimeoutException {
        producer.ping(pool);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void idleLatency1(Producer producer, Idle idle) throws TimeoutException {
        producer.ping(pool);
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void idleLatency2(Producer producer, Idle idle) throws TimeoutException {
        producer.ping(pool);
    }
}
