package netpoll.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams on a blocking {@link SocketChannel}, for the thread-per-connection server on Unix
 * sockets, which {@code java.net.Socket} does not open. Each stream is used by one thread at a
 * time; the input and the output may be used by two threads at once.
 */
final class ChannelStreams {

    private ChannelStreams() {
    }

    /**
     * An input stream straight on a blocking channel. Not {@code Channels.newInputStream}: on
     * JDK 17 its reads hold the channel's blocking lock, which its output stream's writes also
     * take, so a thread blocked reading would stop another from writing the response.
     *
     * @param channel a connected channel in blocking mode
     * @return its input
     */
    static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /**
     * An output stream straight on a blocking channel (see {@link #input}).
     *
     * @param channel a connected channel in blocking mode
     * @return its output
     */
    static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }
}
