package netpoll.benchmarks.mcache;

import io.netty.buffer.PooledByteBufAllocator;

/**
 * The Netty baselines. Netty 4.2's {@code PooledByteBufAllocator.DEFAULT} gives thread caches
 * only to Netty's own event-loop threads ({@code useCacheForAllThreads=false}), so on a JMH thread
 * it would go to its arenas' locks for every buffer. The fair baseline is therefore an allocator
 * with Netty's default sizes and {@code useCacheForAllThreads=true}: what a Netty event loop sees.
 */
final class NettyAllocators {

    private NettyAllocators() {
    }

    /** Netty's defaults, but with a thread cache on every thread (its best case). */
    static PooledByteBufAllocator cachedOnEveryThread() {
        PooledByteBufAllocator d = PooledByteBufAllocator.DEFAULT;
        return new PooledByteBufAllocator(true, d.metric().numHeapArenas(), d.metric().numDirectArenas(),
                PooledByteBufAllocator.defaultPageSize(), PooledByteBufAllocator.defaultMaxOrder(),
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                true);
    }
}
