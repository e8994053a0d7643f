package netpoll.mcache.internal;

/**
 * The one place where {@code netpoll.mcache} reads system properties.
 *
 * <ul>
 * <li>{@value #LEAK_DETECTION_PROPERTY} ({@code true}/{@code false}, default {@code false}):
 *     turns leak detection on for the default {@code Mcache} and for every instance whose
 *     builder does not say otherwise. Leak detection records a stack trace at every allocation,
 *     which costs a lot of time: it is meant for tests.</li>
 * </ul>
 * The property is read each time a cache is built, so a test may set it before building one.
 */
public final class Settings {

    /** The system property that switches leak detection on. */
    public static final String LEAK_DETECTION_PROPERTY = "netpoll.leakDetection";

    private Settings() {
    }

    /**
     * @return whether {@value #LEAK_DETECTION_PROPERTY} is {@code true} now
     */
    public static boolean leakDetectionByDefault() {
        return Boolean.getBoolean(LEAK_DETECTION_PROPERTY);
    }
}
