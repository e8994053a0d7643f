package netpoll.itests.osgi;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The services and the echo round trip on Apache Felix (the surefire run "felix" has only
 * Felix's framework on the class path, so the native container starts Felix).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FelixServicesTest extends ServicesInContainer {

    /** @return the minimal bundle set */
    @Configuration
    public Option[] config() {
        return NativeContainers.options();
    }

    @Override
    protected String expectedFramework() {
        return "org.apache.felix.framework";
    }
}
