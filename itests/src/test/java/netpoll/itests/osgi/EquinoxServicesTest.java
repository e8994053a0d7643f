package netpoll.itests.osgi;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The services and the echo round trip on Eclipse Equinox (the surefire run "equinox" has only
 * Equinox's framework on the class path, so the native container starts Equinox).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EquinoxServicesTest extends ServicesInContainer {

    /** @return the minimal bundle set */
    @Configuration
    public Option[] config() {
        return NativeContainers.options();
    }

    @Override
    protected String expectedFramework() {
        return "org.eclipse.osgi";
    }
}
