package netpoll.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetpollTest {

    @Test
    void withoutATransportTheErrorNamesTheModuleToAdd() {
        // netpoll.api's own tests run with no transport on the module path
        IllegalStateException e = assertThrows(IllegalStateException.class, Netpoll::transport);
        assertTrue(e.getMessage().contains("netpoll.nio"), e.getMessage());
        assertTrue(e.getMessage().contains("OSGi"), e.getMessage());
    }

    @Test
    void entryPointsFailTheSameWayWithoutATransport() {
        assertThrows(IllegalStateException.class, () -> Netpoll.createListener("tcp", "127.0.0.1:0"));
        assertThrows(IllegalStateException.class, Netpoll::newDialer);
        assertThrows(IllegalStateException.class, () -> Netpoll.newEventLoop((ctx, c) -> { }));
    }

    @Test
    void malformedNetworkFailsBeforeTheTransportIsNeeded() {
        assertThrows(IllegalArgumentException.class, () -> Netpoll.createListener("udp", ":0"));
    }
}
