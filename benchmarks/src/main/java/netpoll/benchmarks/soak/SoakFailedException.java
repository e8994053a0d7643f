package netpoll.benchmarks.soak;

/** A soak in which a metric kept rising after warm-up; the message names each. */
public final class SoakFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    SoakFailedException(String message) {
        super(message);
    }
}
