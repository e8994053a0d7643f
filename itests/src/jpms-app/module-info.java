/**
 * A tiny application on the plain module path (no OSGi, no class path): an echo round trip
 * through {@code Netpoll.*} and a {@code ConnectionPool}. Compiled and launched by the itests'
 * JpmsLaunchTest.
 */
module netpoll.itests.app {
    requires netpoll.api;
    requires netpoll.pool;
}
