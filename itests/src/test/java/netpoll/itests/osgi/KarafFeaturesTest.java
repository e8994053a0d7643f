package netpoll.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import netpoll.api.Connection;
import netpoll.api.Dialer;
import netpoll.api.spi.Transport;
import netpoll.pool.ConnectionPool;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The features repository in a real Karaf: each feature alone brings exactly its bundles, all
 * ACTIVE; {@code netpoll} serves an echo through the Transport, Dialer and ConnectionPool
 * services; a change of {@code netpoll.nio}'s configuration is applied without a restart.
 * One Karaf for the class ({@link PerClass}); each test installs what it needs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeaturesTest {

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_SECONDS = 10;
    private static final byte[] PAYLOAD = "netpoll in Karaf".getBytes(StandardCharsets.UTF_8);
    private static final String COMMONS_POOL = "org.apache.commons.commons-pool2";
    /**
     * What the scr feature may bring besides SCR itself: its API bundles (unless another feature
     * already brought them) and Karaf's SCR commands.
     */
    private static final Set<String> SCR_FAMILY = Set.of("org.apache.felix.scr", "org.osgi.service.component",
            "org.osgi.util.promise", "org.osgi.util.function", "org.apache.karaf.scr.management",
            "org.apache.karaf.scr.state");

    private FeaturesService features;

    /** @return the Karaf container's options */
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return KarafOptions.options();
    }

    @Before
    public void addTheRepositoryAsAUserWould() throws Exception {
        features = Services.await(FeaturesService.class, null);
        features.addRepository(URI.create("mvn:io.netpoll/features/" + version() + "/xml/features"));
    }

    @Test
    public void eachFeatureAloneBringsExactlyItsBundlesAllActive() throws Exception {
        uninstallIfInstalled("netpoll");
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("netpoll-api", Set.of("netpoll.api"));
        expected.put("netpoll-mcache", Set.of("netpoll.api", "netpoll.mcache"));
        expected.put("netpoll-gopool", Set.of("netpoll.gopool"));
        expected.put("netpoll-nio", Set.of("netpoll.api", "netpoll.mcache", "netpoll.gopool", "netpoll.nio"));
        // netpoll-pool brings netpoll-nio only as the provider of the Dialer service its pools need
        expected.put("netpoll-pool", Set.of("netpoll.api", "netpoll.pool", "netpoll.mcache", "netpoll.gopool",
                "netpoll.nio"));
        for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
            String feature = e.getKey();
            Set<String> added = installAndDiff(feature);
            Set<String> netpoll = new TreeSet<>(added);
            netpoll.removeIf(name -> !name.startsWith("netpoll."));
            assertEquals("netpoll bundles that " + feature + " brings", new TreeSet<>(e.getValue()), netpoll);
            Set<String> others = new TreeSet<>(added);
            others.removeAll(netpoll);
            assertEquals("commons-pool2 comes with netpoll-pool only", feature.equals("netpoll-pool"),
                    others.remove(COMMONS_POOL));
            assertTrue(feature + " brings SCR", feature.equals("netpoll-api") || others.contains("org.apache.felix.scr"));
            others.removeAll(SCR_FAMILY);
            assertEquals("other bundles that " + feature + " brings", Set.of(), others);
            for (String name : added) {
                assertEquals(name + " after installing " + feature, Bundle.ACTIVE,
                        ContainerBundles.find(Services.context(), name).getState());
            }
            features.uninstallFeature(feature, version());
            Set<String> left = new TreeSet<>(bundleNames());
            left.retainAll(netpoll);
            assertEquals("netpoll bundles left after uninstalling " + feature, Set.of(), left);
        }
    }

    /** Installs a feature and returns the bundles that came with it. */
    private Set<String> installAndDiff(String feature) throws Exception {
        Set<String> before = bundleNames();
        features.installFeature(feature, version(), EnumSet.noneOf(FeaturesService.Option.class));
        Set<String> added = new TreeSet<>(bundleNames());
        added.removeAll(before);
        return added;
    }

    @Test
    public void netpollServesEchoThroughTransportDialerAndTheDefaultPool() throws Exception {
        installAll();
        Transport transport = Services.await(Transport.class, null);
        Dialer dialer = Services.await(Dialer.class, null);
        ConnectionPool pool = Services.await(ConnectionPool.class, "(service.pid=netpoll.pool~default)");
        try (EchoServer server = EchoServer.start(transport)) {
            try (Connection c = dialer.dialConnection(server.address(), DIAL_TIMEOUT)) {
                EchoServer.roundTrip(c, PAYLOAD);
            }
            try (Connection lease = pool.borrow((InetSocketAddress) server.address())) {
                EchoServer.roundTrip(lease, PAYLOAD);
            }
        }
    }

    @Test
    public void eachComponentShipsItsConfigurationToEtc() throws Exception {
        installAll();
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Map<String, String> knobs = Map.of("netpoll.nio.cfg", "pollers", "netpoll.gopool.cfg", "capacity",
                "netpoll.mcache.cfg", "slabSize", "netpoll.pool-default.cfg", "maxPerKey");
        for (Map.Entry<String, String> e : knobs.entrySet()) {
            Path cfg = etc.resolve(e.getKey());
            assertTrue(cfg + " exists", Files.exists(cfg));
            assertTrue(cfg + " shows " + e.getValue(), Files.readString(cfg).contains(e.getValue()));
        }
    }

    @Test
    public void changingTheNioConfigurationIsAppliedWithoutARestart() throws Exception {
        installAll();
        ConfigurationAdmin cm = Services.await(ConfigurationAdmin.class, null);
        Configuration nio = cm.getConfiguration("netpoll.nio", null);
        Hashtable<String, Object> original = copy(nio);
        Hashtable<String, Object> changed = copy(nio);
        changed.put("pollers", 3);
        changed.put("name", "reconfigured");
        nio.update(changed);
        try {
            Transport transport = Services.await(Transport.class, "(&(pollers=3)(name=reconfigured))");
            Dialer dialer = transport.dialer();
            try (EchoServer server = EchoServer.start(transport)) {
                for (int i = 0; i < 3; i++) {
                    try (Connection c = dialer.dialConnection(server.address(), DIAL_TIMEOUT)) {
                        EchoServer.roundTrip(c, PAYLOAD);
                    }
                }
            }
            assertEquals("poller threads of the reconfigured transport", 3, Threads.named("reconfigured-poller-"));
        } finally {
            nio.update(original);
        }
        Services.await(Transport.class, "(name=netpoll)");
    }

    @Test
    public void changingTheGopoolConfigurationReplacesThePoolAndTheTransportFollows() throws Exception {
        installAll();
        ConfigurationAdmin cm = Services.await(ConfigurationAdmin.class, null);
        Configuration gopool = cm.getConfiguration("netpoll.gopool", null);
        Hashtable<String, Object> original = copy(gopool);
        Hashtable<String, Object> changed = copy(gopool);
        changed.put("name", "regopool");
        gopool.update(changed);
        try {
            ExecutorService pool = Services.await(ExecutorService.class, "(name=regopool)");
            String worker = pool.submit(() -> Thread.currentThread().getName()).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue("worker " + worker + " of the new pool", worker.startsWith("regopool-"));
            Transport transport = Services.await(Transport.class, null);
            try (EchoServer server = EchoServer.start(transport);
                 Connection c = transport.dialer().dialConnection(server.address(), DIAL_TIMEOUT)) {
                EchoServer.roundTrip(c, PAYLOAD);
            }
        } finally {
            gopool.update(original);
        }
        Services.await(ExecutorService.class, "(name=netpoll-gopool)");
    }

    @Test
    public void restartingNioAndGopoolBundlesLeaksNoThreadsOrDescriptors() throws Exception {
        installAll();
        new RestartLeakCheck(Services.context()).run();
    }

    private void installAll() throws Exception {
        if (!features.isInstalled(features.getFeature("netpoll", version()))) {
            features.installFeature("netpoll", version(), EnumSet.noneOf(FeaturesService.Option.class));
        }
    }

    private void uninstallIfInstalled(String feature) throws Exception {
        if (features.isInstalled(features.getFeature(feature, version()))) {
            features.uninstallFeature(feature, version());
        }
    }

    private static String version() {
        return System.getProperty("netpoll.version");
    }

    private static Set<String> bundleNames() {
        Set<String> names = new TreeSet<>();
        for (Bundle b : Services.context().getBundles()) {
            names.add(b.getSymbolicName());
        }
        return names;
    }

    private static Hashtable<String, Object> copy(Configuration c) {
        Hashtable<String, Object> h = new Hashtable<>();
        if (c.getProperties() != null) {
            for (String key : java.util.Collections.list(c.getProperties().keys())) {
                h.put(key, c.getProperties().get(key));
            }
        }
        return h;
    }
}
