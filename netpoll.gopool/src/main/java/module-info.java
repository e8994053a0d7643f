/**
 * The goroutine-style task pool: an ExecutorService that reuses a bounded set of workers.
 */
module netpoll.gopool {
    requires org.slf4j;
    requires static osgi.annotation;

    exports netpoll.gopool;
}
