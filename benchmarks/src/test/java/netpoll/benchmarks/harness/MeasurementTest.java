package netpoll.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void theResultLineReadsBackToTheSameNumbers() {
        Measurement m = new Measurement(123456.7, 512.3, 2048.9, 4096.1, 9000.0, 1234567, 3, 2, 1);
        Measurement back = Measurement.parse(m.toLine());
        assertEquals(m, back);
    }

    @Test
    void aLineWithoutTheMarkerOrAFieldIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Measurement.parse("qps=1"));
        assertThrows(IllegalArgumentException.class, () -> Measurement.parse("RESULT qps=1 p50_us=2"));
    }
}
