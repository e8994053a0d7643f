package netpoll.benchmarks.client;

/**
 * netpoll-benchmark's three client scenarios.
 */
public enum Scenario {
    /** 1: long-connection pool; each caller borrows a connection for one request. */
    POOL(1),
    /** 2: as {@link #POOL}, with four idle connections open per busy one (80% idle). */
    IDLE(2),
    /** 3: every caller shares {@link #MUX_CONNECTIONS} multiplexed connections. */
    MUX(3);

    /** Connections the multiplexing scenario shares among all callers. */
    public static final int MUX_CONNECTIONS = 4;

    /** Idle connections per busy one in scenario 2: 80% of all connections are idle. */
    public static final int IDLE_PER_BUSY = 4;

    /** The most connections the long-connection pool keeps (netpoll-benchmark's 1024). */
    public static final int POOL_CAPACITY = 1024;

    private final int number;

    Scenario(int number) {
        this.number = number;
    }

    /**
     * @return the scenario's number on the command line: 1, 2 or 3
     */
    public int number() {
        return number;
    }

    /**
     * @return the server mode this scenario needs: {@code mux} for 3, {@code rpc} otherwise
     */
    public String serverMode() {
        return this == MUX ? "mux" : "rpc";
    }

    /**
     * @param number 1, 2 or 3
     * @return the scenario
     * @throws IllegalArgumentException when the number is none of them
     */
    public static Scenario of(int number) {
        for (Scenario s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("scenario " + number
                + " does not exist: 1 (pool), 2 (80% idle), 3 (mux)");
    }
}
