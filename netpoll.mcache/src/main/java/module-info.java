/**
 * Size-class cache of direct byte buffers ({@link netpoll.mcache.Mcache}) and
 * {@link netpoll.mcache.LinkBuffer}, the nocopy ReadWriter.
 */
module netpoll.mcache {
    requires transitive netpoll.api;
    requires static osgi.annotation;

    exports netpoll.mcache;
}
