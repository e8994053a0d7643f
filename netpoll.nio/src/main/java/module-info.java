/**
 * The Java NIO transport for netpoll.
 */
module netpoll.nio {
    requires transitive netpoll.api;
    requires netpoll.mcache;
    requires netpoll.gopool;
    requires org.slf4j;
    requires static osgi.annotation;
}
