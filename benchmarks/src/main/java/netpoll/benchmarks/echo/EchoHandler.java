package netpoll.benchmarks.echo;

/**
 * The business handler every server runs, identical across implementations: netpoll-benchmark's
 * {@code ProcessRequest}, which answers a message with a message of the same content. The
 * request arrives decoded in the server's own memory; the server then encodes the returned
 * message into a new output buffer, so request and response never share memory.
 *
 * <p>Stateless; safe from any thread.
 */
public final class EchoHandler {

    private EchoHandler() {
    }

    /**
     * Handles one request.
     *
     * @param request the decoded request payload
     * @return the response payload
     */
    public static byte[] respond(byte[] request) {
        return request;
    }
}
