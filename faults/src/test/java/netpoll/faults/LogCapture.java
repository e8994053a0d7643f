package netpoll.faults;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Copies what is written to {@link System#err} (where slf4j-simple logs, looking the stream up
 * on every line) while open, so a test can check that a reason was logged; a fault that makes
 * hundreds of the same line can keep them out of the build's output. Closing restores the
 * stream.
 */
final class LogCapture implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final PrintStream original = System.err;
    /** ByteArrayOutputStream is synchronized: the transport's threads write, the test reads. */
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    /** @param passThrough whether the lines also go on to the original stream */
    LogCapture(boolean passThrough) {
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (passThrough) {
                    original.write(b);
                }
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (passThrough) {
                    original.write(b, off, len);
                }
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    String text() {
        return copy.toString(StandardCharsets.UTF_8);
    }

    /** @return how many times {@code fragment} was logged */
    int count(String fragment) {
        String all = text();
        int n = 0;
        for (int i = all.indexOf(fragment); i >= 0; i = all.indexOf(fragment, i + fragment.length())) {
            n++;
        }
        return n;
    }

    /** Waits, bounded, until {@code fragment} has been logged {@code times} times. */
    boolean awaitLogged(String fragment, int times, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (count(fragment) < times && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        return count(fragment) >= times;
    }

    /** Waits, bounded, until one of {@code fragments} has been logged; @return it, or null */
    String awaitAnyLogged(Duration wait, String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            for (String f : fragments) {
                if (count(f) > 0) {
                    return f;
                }
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        return null;
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
