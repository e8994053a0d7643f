package netpoll.faults;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Ending a connection with a TCP reset instead of a FIN. */
final class Rst {

    private Rst() {
    }

    /** Closes with SO_LINGER 0: the kernel sends RST and drops whatever is unsent or unread. */
    static void reset(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        ch.close();
    }
}
