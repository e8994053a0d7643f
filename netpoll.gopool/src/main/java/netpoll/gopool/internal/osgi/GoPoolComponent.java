package netpoll.gopool.internal.osgi;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import netpoll.gopool.GoPool;
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
 * The OSGi face of {@link GoPool}: builds one pool from the {@code netpoll.gopool} configuration
 * and registers it as {@link GoPool}, {@link ExecutorService} and {@link Executor}.
 *
 * <p>{@code GoPool} is a final class, so Declarative Services cannot register it as the
 * component instance; the component registers the pool itself and unregisters it before closing
 * it. A configuration change makes SCR deactivate and activate the component again: the old pool
 * is unregistered (its users let go of it) and closed, a new one is registered.
 *
 * <p>The {@code osgi.service} capability tells resolvers (Karaf's features, bnd) that this
 * bundle provides the service, which bnd cannot see in a registration made by code.
 *
 * <p>Thread contract: SCR calls the constructor and {@link #deactivate()} one after the other,
 * never at once; the fields are final and published by SCR.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"netpoll.gopool.GoPool,java.util.concurrent.ExecutorService,java.util.concurrent.Executor\"")
@Component(configurationPid = GoPoolComponent.PID, service = {}, immediate = true)
@Designate(ocd = GoPoolComponent.Config.class)
public final class GoPoolComponent {

    /** The Config Admin PID, equal to the module name. */
    public static final String PID = "netpoll.gopool";

    /** The settings of the pool, from Config Admin (etc/netpoll.gopool.cfg in Karaf). */
    @ObjectClassDefinition(id = PID, name = "netpoll goroutine pool",
            description = "The worker pool that runs netpoll handlers and callbacks.")
    public @interface Config {
        /** Default of {@link #name()}. */
        String DEFAULT_NAME = "netpoll-gopool";
        /** Default of {@link #capacity()}. */
        int DEFAULT_CAPACITY = GoPool.Builder.DEFAULT_CAPACITY;
        /** Default of {@link #scaleThreshold()}. */
        int DEFAULT_SCALE_THRESHOLD = GoPool.Builder.DEFAULT_SCALE_THRESHOLD;
        /** Default of {@link #keepAliveSeconds()}. */
        long DEFAULT_KEEP_ALIVE_SECONDS = GoPool.Builder.DEFAULT_KEEP_ALIVE_SECONDS;
        /** Default of {@link #closeTimeoutSeconds()}. */
        long DEFAULT_CLOSE_TIMEOUT_SECONDS = GoPool.Builder.DEFAULT_CLOSE_TIMEOUT_SECONDS;

        /** @return the prefix of the worker thread names */
        @AttributeDefinition(description = "Prefix of the worker thread names.")
        String name() default DEFAULT_NAME;

        /** @return the most workers */
        @AttributeDefinition(description = "The most worker threads running at once.", min = "1")
        int capacity() default DEFAULT_CAPACITY;

        /** @return queued tasks per worker before another worker starts */
        @AttributeDefinition(description = "Queued tasks per running worker before another worker starts.",
                min = "1")
        int scaleThreshold() default DEFAULT_SCALE_THRESHOLD;

        /** @return how long an idle worker waits for a task before it ends */
        @AttributeDefinition(description = "Seconds an idle worker waits for work before it ends.", min = "1")
        long keepAliveSeconds() default DEFAULT_KEEP_ALIVE_SECONDS;

        /** @return how long deactivation waits for accepted tasks */
        @AttributeDefinition(description = "Seconds deactivation waits for accepted tasks before"
                + " interrupting the workers.", min = "0")
        long closeTimeoutSeconds() default DEFAULT_CLOSE_TIMEOUT_SECONDS;
    }

    private final GoPool pool;
    private final ServiceRegistration<?> registration;

    /**
     * Builds the pool and registers it.
     *
     * @param context the bundle context that registers the pool
     * @param config the configuration
     */
    @Activate
    public GoPoolComponent(BundleContext context, Config config) {
        this.pool = GoPool.builder()
                .name(config.name())
                .capacity(config.capacity())
                .scaleThreshold(config.scaleThreshold())
                .keepAlive(Duration.ofSeconds(config.keepAliveSeconds()))
                .closeTimeout(Duration.ofSeconds(config.closeTimeoutSeconds()))
                .daemon(true)
                .build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", config.name());
        props.put("capacity", config.capacity());
        props.put("scaleThreshold", config.scaleThreshold());
        props.put("keepAliveSeconds", config.keepAliveSeconds());
        try {
            this.registration = context.registerService(new String[] {
                    GoPool.class.getName(), ExecutorService.class.getName(), Executor.class.getName()},
                    pool, props);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Unregisters the pool, then closes it: accepted tasks run, then every worker ends. */
    @Deactivate
    public void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself; nothing is left to do
        } finally {
            pool.close();
        }
    }
}
