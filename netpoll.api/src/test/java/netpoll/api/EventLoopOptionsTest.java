package netpoll.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class EventLoopOptionsTest {

    @Test
    void defaultsHaveNoTimeoutsAndTheDefaultLimits() {
        EventLoopOptions<Object> o = EventLoopOptions.defaults();
        assertEquals(Duration.ZERO, o.readTimeout());
        assertEquals(Duration.ZERO, o.writeTimeout());
        assertEquals(Duration.ZERO, o.idleTimeout());
        assertEquals(EventLoopOptions.DEFAULT_MAX_INPUT_BYTES, o.maxInputBytes());
        assertEquals(EventLoopOptions.DEFAULT_MAX_CONNECTIONS, o.maxConnections());
        assertNull(o.onPrepare());
        assertNull(o.executor());
        assertFalse(o.serial());
    }

    @Test
    void zeroMeansDefaultAndNullTimeoutMeansNone() {
        EventLoopOptions<Object> o = EventLoopOptions.builder()
                .maxInputBytes(0).maxConnections(0).readTimeout(null).build();
        assertEquals(EventLoopOptions.DEFAULT_MAX_INPUT_BYTES, o.maxInputBytes());
        assertEquals(EventLoopOptions.DEFAULT_MAX_CONNECTIONS, o.maxConnections());
        assertEquals(Duration.ZERO, o.readTimeout());
    }

    @Test
    void settingsAreKept() {
        OnPrepare<String> prepare = c -> "ctx";
        OnConnect<String> connect = (ctx, c) -> ctx;
        OnDisconnect<String> disconnect = (ctx, c) -> { };
        Executor executor = Runnable::run;
        EventLoopOptions<String> o = EventLoopOptions.<String>builder()
                .onPrepare(prepare).onConnect(connect).onDisconnect(disconnect)
                .readTimeout(Duration.ofSeconds(1)).writeTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(3)).maxInputBytes(1024).maxConnections(10)
                .executor(executor).build();
        assertSame(prepare, o.onPrepare());
        assertSame(connect, o.onConnect());
        assertSame(disconnect, o.onDisconnect());
        assertEquals(Duration.ofSeconds(1), o.readTimeout());
        assertEquals(Duration.ofSeconds(2), o.writeTimeout());
        assertEquals(Duration.ofSeconds(3), o.idleTimeout());
        assertEquals(1024, o.maxInputBytes());
        assertEquals(10, o.maxConnections());
        assertSame(executor, o.executor());
    }

    @Test
    void negativeValuesAreRefusedNamingTheSetting() {
        assertNamed("readTimeout", () -> EventLoopOptions.builder().readTimeout(Duration.ofMillis(-1)));
        assertNamed("writeTimeout", () -> EventLoopOptions.builder().writeTimeout(Duration.ofMillis(-1)));
        assertNamed("idleTimeout", () -> EventLoopOptions.builder().idleTimeout(Duration.ofMillis(-1)));
        assertNamed("maxInputBytes", () -> EventLoopOptions.builder().maxInputBytes(-1));
        assertNamed("maxConnections", () -> EventLoopOptions.builder().maxConnections(-1));
    }

    @Test
    void serialModeWithAnExecutorIsRefused() {
        assertNamed("serial", () -> EventLoopOptions.builder().serial(true).executor(Runnable::run).build());
        assertTrue(EventLoopOptions.builder().serial(true).build().serial());
    }

    private static void assertNamed(String name, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
