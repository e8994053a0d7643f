package netpoll.itests.osgi;

import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Waits for services in the container the probe runs in. Runs inside the containers.
 */
final class Services {

    /** How long a component may take to come up after its bundle or configuration. */
    static final long WAIT_SECONDS = 30;

    private Services() {
    }

    /** @return the probe bundle's context */
    static BundleContext context() {
        return FrameworkUtil.getBundle(Services.class).getBundleContext();
    }

    /**
     * Waits for a service of {@code type} matching {@code filter}.
     *
     * @param <T> the service type
     * @param type the service interface or class
     * @param filter an LDAP filter on the service properties, or null for any
     * @return the service
     * @throws AssertionError naming the service when none comes within {@link #WAIT_SECONDS}
     */
    static <T> T await(Class<T> type, String filter) throws InterruptedException {
        BundleContext bc = context();
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        Filter parsed;
        try {
            parsed = bc.createFilter(f);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + f, e);
        }
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bc, parsed, null);
        tracker.open();
        try {
            if (tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)) == null) {
                throw new AssertionError("no service " + f + " within " + WAIT_SECONDS + " s");
            }
            // got through the probe's context, not the tracker: a service factory's object (Config
            // Admin's) stays valid after the tracker closes
            ServiceReference<T> ref = tracker.getServiceReference();
            T service = ref == null ? null : bc.getService(ref);
            if (service == null) {
                throw new AssertionError("service " + f + " went away while it was taken");
            }
            return service;
        } finally {
            tracker.close();
        }
    }
}
