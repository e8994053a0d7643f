package netpoll.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.util.ArrayList;
import java.util.List;
import netpoll.itests.Build;
import org.ops4j.pax.exam.Option;

/**
 * The minimal bundle set of the native containers (Felix, Equinox): Felix SCR with the OSGi
 * component, promise and function bundles it needs, Felix Config Admin, pax-logging-api as the SLF4J
 * binding (it exports org.slf4j 2.x and logs to the console), commons-pool2, and the five
 * netpoll bundles straight from the build. Runs in the test JVM.
 */
final class NativeContainers {

    private NativeContainers() {
    }

    /** @return the options both native containers share */
    static Option[] options() {
        List<Option> o = new ArrayList<>();
        o.add(cleanCaches(true));
        o.add(junitBundles());
        o.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        o.add(mavenBundle("org.ops4j.pax.logging", "pax-logging-api", Build.get("pax-logging.version")));
        o.add(mavenBundle("org.osgi", "org.osgi.util.function", Build.get("osgi.function.version")));
        o.add(mavenBundle("org.osgi", "org.osgi.util.promise", Build.get("osgi.promise.version")));
        o.add(mavenBundle("org.osgi", "org.osgi.service.component", Build.get("osgi.component.version")));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.configadmin", Build.get("felix.configadmin.version")));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.scr", Build.get("felix.scr.version")));
        o.add(mavenBundle("org.apache.commons", "commons-pool2", Build.get("commons-pool2.version")));
        for (String module : Build.MODULES) {
            o.add(bundle(Build.jar(module).toUri().toString()));
        }
        return o.toArray(new Option[0]);
    }
}
