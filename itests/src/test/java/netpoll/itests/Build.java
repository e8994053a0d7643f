package netpoll.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What Maven told the tests (netpoll-itests.properties, filtered at build time): versions and
 * where the built netpoll artifacts are. Used in the test JVM only, never inside a container.
 */
public final class Build {

    /** The netpoll library modules, in dependency order. */
    public static final List<String> MODULES =
            List.of("netpoll.api", "netpoll.mcache", "netpoll.gopool", "netpoll.nio", "netpoll.pool");

    private static final String RESOURCE = "/netpoll-itests.properties";
    private static final Properties PROPERTIES = load();

    private Build() {
    }

    /**
     * @param key a key of netpoll-itests.properties
     * @return its value
     * @throws IllegalStateException naming the key when it is missing
     */
    public static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException(key + " is not set in " + RESOURCE
                    + ": run the tests through Maven, which fills it in");
        }
        return value;
    }

    /** @return the version of the netpoll artifacts */
    public static String version() {
        return get("netpoll.version");
    }

    /** @return the Maven repository laid out in target/repo with the netpoll artifacts */
    public static Path repository() {
        return Path.of(get("itests.repo"));
    }

    /**
     * @param module a netpoll module name (= artifactId)
     * @return its jar in {@link #repository()}
     */
    public static Path jar(String module) {
        return artifact(module, ".jar");
    }

    /** @return the features repository in {@link #repository()} */
    public static Path featuresXml() {
        return artifact("features", "-features.xml");
    }

    /**
     * @param relative a path below itests/target
     * @return that path
     */
    public static Path target(String relative) {
        return Path.of(get("itests.target")).resolve(relative);
    }

    /**
     * @param relative a path below the itests module
     * @return that path
     */
    public static Path basedir(String relative) {
        return Path.of(get("itests.basedir")).resolve(relative);
    }

    private static Path artifact(String artifactId, String suffix) {
        String v = version();
        return repository().resolve("io/netpoll").resolve(artifactId).resolve(v)
                .resolve(artifactId + "-" + v + suffix);
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Build.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return p;
    }
}
