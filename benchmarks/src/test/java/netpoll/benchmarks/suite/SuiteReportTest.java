package netpoll.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import netpoll.benchmarks.harness.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

    @TempDir
    Path dir;

    @Test
    void writesATableACsvAndReadablePngChartsPerTestAndScenario() throws Exception {
        List<SuiteRow> rows = List.of(
                row("server", "netty", "netty", 100, 40_000),
                row("server", "netty", "netty", 1000, 25_000),
                row("server", "blocking", "netty", 100, 12_000),
                row("client", "netty", "blocking", 100, 26_000));
        String md = SuiteReport.write(dir, List.of("date: today"), rows,
                List.of(new IdleRow("netty", 1000, 100L << 20, 110L << 20, 20)), List.of("skipped virtual: JDK 17"));

        assertTrue(md.contains("| netty | 1000 | 25000 |"), md);
        assertTrue(md.contains("fixed client: netty"), md);
        assertTrue(md.contains("fixed server: netty"), md);
        assertTrue(md.contains("skipped virtual"), md);
        assertTrue(md.contains("| netty | 1000 | 100 | 110 | 10.2 | 20 |"), md);
        assertEquals(md, Files.readString(dir.resolve("results.md")));
        assertEquals(rows.size() + 1, Files.readAllLines(dir.resolve("results.csv")).size());
        for (String name : List.of("server1_qps.png", "server1_tp99.png", "server1_tp999.png",
                "client1_qps.png", "client1_tp99.png", "client1_tp999.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertNotNull(image, name + " is not a readable image");
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100, name);
        }
    }

    @Test
    void gridStepsAreRoundNumbers() {
        assertEquals(20_000, LineChart.niceStep(12_345), 1e-9);
        assertEquals(2.5, LineChart.niceStep(2.1), 1e-9);
        assertEquals(5, LineChart.niceStep(4.2), 1e-9);
        assertEquals(100, LineChart.niceStep(51), 1e-9);
        assertEquals(0.1, LineChart.niceStep(0.1), 1e-9);
    }

    private static SuiteRow row(String test, String server, String client, int concurrency, double qps) {
        Measurement m = new Measurement(qps, 1_000, 5_000, 9_000, 12_000, (long) qps * 4, 0, 0, 0);
        return new SuiteRow(test, 1, server, client, concurrency, m, 95, 150L << 20, 20);
    }
}
