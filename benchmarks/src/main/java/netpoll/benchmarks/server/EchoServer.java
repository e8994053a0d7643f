package netpoll.benchmarks.server;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * An echo server under test. Every implementation decodes each request into its own memory,
 * runs {@link netpoll.benchmarks.echo.EchoHandler} and encodes a new response.
 *
 * <p>Thread contract: {@link #start()} and {@link #close()} are called by one controlling
 * thread; the server serves on threads of its own, all stopped by {@code close()}.
 */
public interface EchoServer extends AutoCloseable {

    /**
     * Binds and starts serving in the background.
     *
     * @return the bound address (with the actual port when port 0 was asked for)
     * @throws IOException when the address cannot be bound
     */
    SocketAddress start() throws IOException;

    /**
     * Stops accepting, closes every connection, stops every thread the server started.
     */
    @Override
    void close();
}
