/**
 * The goroutine-style task pool: an ExecutorService that reuses a bounded set of workers.
 */
module netpoll.gopool {
    requires org.slf4j;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;
    requires static osgi.core;

    exports netpoll.gopool;
}
