/**
 * A keyed connection pool on Apache Commons Pool2, validated by Connection.isActive().
 */
module netpoll.pool {
    requires transitive netpoll.api;
    requires java.management; // Commons Pool registers its MBean; the JMX tests read it
    requires org.apache.commons.pool2;
    requires org.slf4j;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports netpoll.pool;
}
