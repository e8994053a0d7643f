/**
 * The Java NIO transport for netpoll: a few poller threads, each with its own
 * {@link java.nio.channels.Selector}, own every socket; handlers run on a worker pool only while
 * their connection has input. {@link netpoll.api.Netpoll} finds it through {@link java.util.ServiceLoader}.
 */
module netpoll.nio {
    requires transitive netpoll.api;
    requires transitive netpoll.mcache;
    requires netpoll.gopool;
    requires org.slf4j;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports netpoll.nio;
    exports netpoll.mux;

    provides netpoll.api.spi.Transport with netpoll.nio.internal.NioTransport;
}
