package netpoll.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import netpoll.itests.Build;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * A real apache-karaf distribution from the local repository, whose mvn: resolver reads the
 * system folder, then target/repo (the netpoll artifacts of this build), then the local
 * repository and Maven Central, and nothing else. Runs in the test JVM.
 */
final class KarafOptions {

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String MVN = "org.ops4j.pax.url.mvn.";

    private KarafOptions() {
    }

    /** @return the options of the Karaf container */
    static Option[] options() {
        String staged = Build.repository().toUri().toString();
        return new Option[] {
                karafDistributionConfiguration()
                        .frameworkUrl(maven().groupId("org.apache.karaf").artifactId("apache-karaf")
                                .version(Build.get("karaf.version")).type("tar.gz"))
                        .unpackDirectory(new File(Build.target("exam").toString()))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut(MVN_CFG, MVN + "defaultRepositories",
                        "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                                + staged + "@id=netpoll.build@snapshots"),
                editConfigurationFilePut(MVN_CFG, MVN + "repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut(MVN_CFG, MVN + "localRepository",
                        System.getProperty(MVN + "localRepository",
                                System.getProperty("user.home") + "/.m2/repository")),
                editConfigurationFilePut("etc/system.properties", "netpoll.version", Build.version())};
    }
}
