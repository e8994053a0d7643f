package netpoll.benchmarks.suite;

/**
 * What idle connections cost a server: its resident memory and threads before and while
 * {@code connections} idle connections are open.
 *
 * @param server the server implementation
 * @param connections how many idle connections
 * @param rssBeforeBytes RSS with no connection, or -1
 * @param rssIdleBytes RSS with the idle connections open, or -1
 * @param threadsIdle threads with the idle connections open, or -1
 * @param round which round of the idle test this is, from 1 ({@code --rounds})
 */
record IdleRow(String server, int connections, long rssBeforeBytes, long rssIdleBytes, long threadsIdle,
        int round) {

    private static final double KIB = 1024.0;

    /**
     * @return the extra resident memory per idle connection in KiB, NaN when unknown
     */
    double kibPerConnection() {
        if (rssBeforeBytes < 0 || rssIdleBytes < 0) {
            return Double.NaN;
        }
        return (rssIdleBytes - rssBeforeBytes) / KIB / connections;
    }
}
