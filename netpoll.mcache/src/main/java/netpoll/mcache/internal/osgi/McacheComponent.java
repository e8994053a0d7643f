package netpoll.mcache.internal.osgi;

import java.util.Dictionary;
import java.util.Hashtable;
import netpoll.mcache.Mcache;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The OSGi face of {@link Mcache}: builds one buffer cache from the {@code netpoll.mcache}
 * configuration and registers it as an {@link Mcache} service.
 *
 * <p>{@code Mcache} is a final class, so Declarative Services cannot register it as the
 * component instance; the component registers the cache itself, and on deactivation
 * unregisters it (its users, such as the nio transport, let go of it) before closing it. A
 * configuration change makes SCR deactivate and activate the component again.
 *
 * <p>The {@code osgi.service} capability tells resolvers (Karaf's features, bnd) that this
 * bundle provides the service, which bnd cannot see in a registration made by code.
 *
 * <p>Thread contract: SCR calls the constructor and {@link #deactivate()} one after the other,
 * never at once; the fields are final and published by SCR.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"netpoll.mcache.Mcache\"")
@Component(configurationPid = McacheComponent.PID, service = {}, immediate = true)
@Designate(ocd = McacheComponent.Config.class)
public final class McacheComponent {

    /** The Config Admin PID, equal to the module name. */
    public static final String PID = "netpoll.mcache";

    /** The settings of the cache, from Config Admin (etc/netpoll.mcache.cfg in Karaf). */
    @ObjectClassDefinition(id = PID, name = "netpoll buffer cache",
            description = "The size-class cache of direct buffers that netpoll connections read into and write from.")
    public @interface Config {
        /** Default of {@link #slabSize()}. */
        int DEFAULT_SLAB_SIZE = Mcache.DEFAULT_SLAB_SIZE;
        /** Default of {@link #maxSizeClass()}. */
        int DEFAULT_MAX_SIZE_CLASS = Mcache.DEFAULT_MAX_SIZE_CLASS;
        /** Default of {@link #threadCacheBytes()}. */
        int DEFAULT_THREAD_CACHE_BYTES = Mcache.DEFAULT_THREAD_CACHE_BYTES;
        /** Default of {@link #leakDetection()}. */
        boolean DEFAULT_LEAK_DETECTION = false;

        /** @return the bytes one slab reserves */
        @AttributeDefinition(description = "Bytes one slab of direct memory reserves (rounded up to a power of two).",
                min = "0")
        int slabSize() default DEFAULT_SLAB_SIZE;

        /** @return the largest pooled buffer size */
        @AttributeDefinition(description = "Largest pooled buffer size in bytes; larger requests are plain allocations.",
                min = "0")
        int maxSizeClass() default DEFAULT_MAX_SIZE_CLASS;

        /** @return the bytes of free buffers each thread keeps per size class */
        @AttributeDefinition(description = "Bytes of free buffers each thread keeps per size class.", min = "0")
        int threadCacheBytes() default DEFAULT_THREAD_CACHE_BYTES;

        /** @return whether to record where each buffer was allocated */
        @AttributeDefinition(description = "Record where each buffer was allocated, to report leaks (slow).")
        boolean leakDetection() default DEFAULT_LEAK_DETECTION;
    }

    private final Mcache cache;
    private final ServiceRegistration<Mcache> registration;

    /**
     * Builds the cache and registers it.
     *
     * @param context the bundle context that registers the cache
     * @param config the configuration
     */
    @Activate
    public McacheComponent(BundleContext context, Config config) {
        this.cache = Mcache.builder()
                .slabSize(config.slabSize())
                .maxSizeClass(config.maxSizeClass())
                .threadCacheBytes(config.threadCacheBytes())
                .leakDetection(config.leakDetection())
                .build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("slabSize", config.slabSize());
        props.put("maxSizeClass", config.maxSizeClass());
        props.put("threadCacheBytes", config.threadCacheBytes());
        try {
            this.registration = context.registerService(Mcache.class, cache, props);
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Unregisters the cache, then closes it. */
    @Deactivate
    public void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyUnregistered) {
            // the framework already unregistered it (the bundle is stopping): only the close is left
        } finally {
            cache.close();
        }
    }
}
