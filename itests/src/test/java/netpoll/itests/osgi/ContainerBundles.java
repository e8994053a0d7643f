package netpoll.itests.osgi;

import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The netpoll bundles as the containers see them. Runs inside the containers.
 */
final class ContainerBundles {

    /** The Bundle-SymbolicNames of the netpoll library bundles. */
    static final List<String> NETPOLL_MODULES =
            List.of("netpoll.api", "netpoll.mcache", "netpoll.gopool", "netpoll.nio", "netpoll.pool");

    private ContainerBundles() {
    }

    /**
     * @param bc a bundle context
     * @param symbolicName a Bundle-SymbolicName
     * @return the installed bundle of that name
     * @throws AssertionError when none is installed
     */
    static Bundle find(BundleContext bc, String symbolicName) {
        for (Bundle b : bc.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
