/**
 * The netpoll contract: what an application codes against, whichever transport serves it.
 *
 * <p>{@link netpoll.api.Netpoll} finds a {@link netpoll.api.spi.Transport} through
 * {@link java.util.ServiceLoader}; add {@code netpoll.nio} to the module path (or class path) to
 * have one. In OSGi, take the {@code Transport} service instead.
 */
module netpoll.api {
    requires static osgi.annotation;

    exports netpoll.api;
    exports netpoll.api.spi;

    uses netpoll.api.spi.Transport;
}
