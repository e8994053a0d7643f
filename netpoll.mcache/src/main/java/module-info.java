/**
 * Size-class cache of direct byte buffers ({@link netpoll.mcache.Mcache}) and
 * {@link netpoll.mcache.LinkBuffer}, the nocopy ReadWriter.
 */
module netpoll.mcache {
    requires transitive netpoll.api;
    requires static osgi.annotation;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;
    requires static osgi.core;

    exports netpoll.mcache;
}
