package netpoll.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PoolConfigTest {

    private static String problem(UnaryOperator<PoolConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class,
                () -> change.apply(PoolConfig.builder()).build()).getMessage();
    }

    private static void assertNames(String field, String value, UnaryOperator<PoolConfig.Builder> change) {
        String message = problem(change);
        assertTrue(message.contains(field), "'" + message + "' should name " + field);
        assertTrue(message.contains(value), "'" + message + "' should show the value " + value);
    }

    @Test
    void defaultsSuitAnRpcClient() {
        PoolConfig c = PoolConfig.defaults();
        assertEquals(1024, c.maxTotal());
        assertEquals(64, c.maxPerKey());
        assertEquals(0, c.minIdlePerKey());
        assertEquals(64, c.maxIdlePerKey());
        assertEquals(Duration.ofSeconds(1), c.maxWait());
        assertEquals(Duration.ofSeconds(1), c.dialTimeout());
        assertEquals(Duration.ofSeconds(30), c.idleEvictAfter());
        assertEquals(Duration.ofSeconds(5), c.evictionInterval());
        assertEquals(Duration.ofSeconds(5), c.readTimeout());
        assertEquals(Duration.ofSeconds(5), c.writeTimeout());
        assertTrue(c.lifo());
        assertTrue(c.jmxEnabled());
        assertEquals("netpoll-pool", c.name());
    }

    @Test
    void everySetterIsKept() {
        PoolConfig c = PoolConfig.builder().maxTotal(10).maxPerKey(5).minIdlePerKey(1)
                .maxIdlePerKey(2).maxWait(Duration.ZERO).dialTimeout(Duration.ZERO)
                .idleEvictAfter(Duration.ZERO).evictionInterval(Duration.ZERO).lifo(false)
                .readTimeout(Duration.ofMillis(1)).writeTimeout(Duration.ofMillis(2))
                .name("a.b_c-1").jmxEnabled(false).build();
        assertEquals(10, c.maxTotal());
        assertEquals(5, c.maxPerKey());
        assertEquals(1, c.minIdlePerKey());
        assertEquals(2, c.maxIdlePerKey());
        assertEquals(Duration.ZERO, c.maxWait());
        assertEquals(Duration.ZERO, c.dialTimeout());
        assertEquals(Duration.ZERO, c.idleEvictAfter());
        assertEquals(Duration.ZERO, c.evictionInterval());
        assertEquals(false, c.lifo());
        assertEquals(Duration.ofMillis(1), c.readTimeout());
        assertEquals(Duration.ofMillis(2), c.writeTimeout());
        assertEquals("a.b_c-1", c.name());
        assertEquals(false, c.jmxEnabled());
    }

    @Test
    void invalidSizesAreRefusedNamingTheField() {
        assertNames("maxTotal", "0", b -> b.maxTotal(0));
        assertNames("maxPerKey", "0", b -> b.maxPerKey(0));
        assertNames("maxPerKey", "2000", b -> b.maxPerKey(2000));
        assertNames("maxIdlePerKey", "-1", b -> b.maxIdlePerKey(-1));
        assertNames("maxIdlePerKey", "65", b -> b.maxIdlePerKey(65));
        assertNames("minIdlePerKey", "-2", b -> b.minIdlePerKey(-2));
        assertNames("minIdlePerKey", "9", b -> b.maxIdlePerKey(8).minIdlePerKey(9));
    }

    @Test
    void invalidDurationsAreRefusedNamingTheField() {
        Duration negative = Duration.ofMillis(-5);
        assertNames("maxWait", "PT-0.005S", b -> b.maxWait(negative));
        assertNames("dialTimeout", "PT-0.005S", b -> b.dialTimeout(negative));
        assertNames("idleEvictAfter", "PT-0.005S", b -> b.idleEvictAfter(negative));
        assertNames("evictionInterval", "PT-0.005S", b -> b.evictionInterval(negative));
        assertNames("readTimeout", "PT-0.005S", b -> b.readTimeout(negative));
        assertNames("writeTimeout", "null", b -> b.writeTimeout(null));
    }

    @Test
    void aNameThatCannotGoIntoAnObjectNameIsRefused() {
        assertNames("name", "a,b=c", b -> b.name("a,b=c"));
        assertNames("name", "null", b -> b.name(null));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String message = problem(b -> b.maxTotal(0).maxWait(Duration.ofSeconds(-1)));
        assertTrue(message.contains("maxTotal") && message.contains("maxWait"), message);
    }
}
