package netpoll.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static final Set<String> KNOWN = Set.of("impl", "port", "concurrency", "verbose", "servers");

    @Test
    void spaceAndEqualsFormsBothParse() {
        Args a = Args.parse(new String[] {"--impl", "netty", "--port=8080"}, KNOWN);
        assertEquals("netty", a.string("impl", "x"));
        assertEquals(8080, a.integer("port", 0, 0, 65535));
    }

    @Test
    void absentOptionsFallBackToTheirDefaults() {
        Args a = Args.parse(new String[0], KNOWN);
        assertFalse(a.has("port"));
        assertEquals(7, a.integer("port", 7, 0, 65535));
        assertEquals(List.of(1, 2), a.integers("concurrency", List.of(1, 2), 1, 10));
    }

    @Test
    void anOptionWithoutValueIsAFlag() {
        Args a = Args.parse(new String[] {"--verbose", "--impl", "netty"}, KNOWN);
        assertTrue(a.has("verbose"));
        assertEquals("true", a.string("verbose", "false"));
        assertEquals("netty", a.string("impl", "x"));
    }

    @Test
    void listsAreCommaSeparated() {
        Args a = Args.parse(new String[] {"--concurrency", "100,500, 1000", "--servers", "netty,blocking"}, KNOWN);
        assertEquals(List.of(100, 500, 1000), a.integers("concurrency", List.of(), 1, 100_000));
        assertEquals(List.of("netty", "blocking"),
                a.choices("servers", List.of(), List.of("netty", "blocking", "virtual")));
    }

    @Test
    void unknownOptionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--conccurency", "5"}, KNOWN));
        assertTrue(e.getMessage().contains("--conccurency"));
        assertTrue(e.getMessage().contains("--concurrency"));
    }

    @Test
    void strayWordsAndRepeatsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[] {"netty"}, KNOWN));
        assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--port", "1", "--port", "2"}, KNOWN));
    }

    @Test
    void badNumbersAndOutOfRangeValuesNameTheOption() {
        Args a = Args.parse(new String[] {"--port", "80x", "--concurrency", "0"}, KNOWN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.integer("port", 0, 0, 65535));
        assertTrue(e.getMessage().contains("--port"));
        e = assertThrows(IllegalArgumentException.class, () -> a.integers("concurrency", List.of(), 1, 10));
        assertTrue(e.getMessage().contains("--concurrency 0"));
    }

    @Test
    void choicesOutsideTheAllowedSetAreRejected() {
        Args a = Args.parse(new String[] {"--impl", "grizzly", "--servers", "netty,jetty"}, KNOWN);
        assertThrows(IllegalArgumentException.class, () -> a.choice("impl", "netty", List.of("netty", "blocking")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.choices("servers", List.of(), List.of("netty", "blocking")));
        assertTrue(e.getMessage().contains("jetty"));
    }
}
