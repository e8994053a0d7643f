package netpoll.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import netpoll.api.EventLoop;
import netpoll.api.EventLoopOptions;
import netpoll.api.Listener;
import netpoll.api.Network;
import netpoll.api.spi.Transport;
import netpoll.examples.EchoServer;
import netpoll.gopool.GoPool;
import netpoll.mcache.Mcache;
import netpoll.nio.Nio;
import netpoll.nio.NioConfig;

/**
 * The echo server under soak, in this JVM so that its memory is what the soak samples: the
 * example echo server's handler (RPC mode: on a worker, the request copied out, a new response
 * flushed) on its own transport, buffer cache and worker pool, with timeouts and an input cap so
 * that the faults end as they would in production.
 *
 * <p>Thread contract: started and closed by the soak's main thread.
 */
final class SoakServer implements AutoCloseable {

    static final String NAME = "soak";
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);
    static final int MAX_INPUT_BYTES = 4 << 20;
    private static final Duration SHUTDOWN = Duration.ofSeconds(5);

    final Mcache mcache = Mcache.builder().leakDetection(false).build();
    private final GoPool workers = GoPool.builder().name(NAME + "-worker").build();
    private final Transport transport = Nio.newTransport(NioConfig.builder().name(NAME).pollers(1)
            .executor(workers).mcache(mcache).build());
    private final EventLoop loop;
    private final Listener listener;
    private final Thread serving;

    SoakServer() throws IOException {
        listener = transport.createListener(Network.TCP, new InetSocketAddress("127.0.0.1", 0));
        loop = transport.newEventLoop(EchoServer.handler(MAX_INPUT_BYTES), EventLoopOptions.builder().readTimeout(READ_TIMEOUT)
                .writeTimeout(WRITE_TIMEOUT).maxInputBytes(MAX_INPUT_BYTES).build());
        serving = new Thread(() -> {
            try {
                loop.serve(listener);
            } catch (IOException e) {
                throw new IllegalStateException("the soak server stopped: " + e, e);
            }
        }, NAME + "-serve");
        serving.setDaemon(true);
        serving.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdown(SHUTDOWN);
        serving.join(SHUTDOWN.toMillis());
        transport.close();
        workers.close();
        mcache.close();
    }
}
