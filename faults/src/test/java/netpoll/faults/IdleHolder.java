package netpoll.faults;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds idle connections to a server from a child JVM (so that the client ends do not count
 * against the test JVM's descriptors): {@code IdleHolder <port> <count>} prints
 * {@value #HELD} and the count once all are open, and keeps them until its standard input closes.
 */
public final class IdleHolder {

    static final String HELD = "held ";

    private IdleHolder() {
    }

    /**
     * @param args the port on 127.0.0.1 and how many connections to hold
     * @throws Exception when a connection fails
     */
    public static void main(String[] args) throws Exception {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int count = Integer.parseInt(args[1]);
        List<SocketChannel> held = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            held.add(SocketChannel.open(address));
        }
        System.out.println(HELD + held.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until the parent closes our standard input
        }
        for (SocketChannel ch : held) {
            ch.close();
        }
    }
}
