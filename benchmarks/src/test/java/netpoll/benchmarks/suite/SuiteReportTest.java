package netpoll.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        String md = SuiteReport.write(dir, List.of("date: today"), "Unix sockets", rows,
                List.of(new IdleRow("netty", 1000, 100L << 20, 110L << 20, 20, 1)), List.of("skipped virtual: JDK 17"));

        assertTrue(md.contains("| netty | 1000 | 25000 |"), md);
        assertTrue(md.contains("## server test, scenario 1 (fixed client: netty, Unix sockets)"), md);
        assertTrue(md.contains("## client test, scenario 1 (fixed server: netty, Unix sockets)"), md);
        assertTrue(md.contains("skipped virtual"), md);
        assertTrue(md.contains("| netty | 1000 | 100 | 110 | 10.2 | 20 |\n"), md);
        assertFalse(md.contains("per round"), md);
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
    void severalRoundsShowTheMedianRoundEveryRoundsQpsAndAllErrors() throws Exception {
        List<SuiteRow> rows = List.of(
                round(1, 150_000, 1_100, 0), round(2, 120_000, 2_400, 3), round(3, 160_000, 1_000, 0));
        String md = SuiteReport.write(dir, List.of(), "TCP", rows, List.of(
                new IdleRow("netpoll", 1000, 100L << 20, 102L << 20, 20, 1),
                new IdleRow("netpoll", 1000, 100L << 20, 101L << 20, 20, 2)), List.of());

        assertTrue(md.contains("| netpoll | 100 | 150000 | 1.000 | 1.100 | 9.000 | 3 | 95 | 150 | 20 |"
                + " 150000, 120000, 160000 | 1.100, 2.400, 1.000 |\n"), md);
        assertTrue(md.contains("errors (all rounds)"), md);
        assertTrue(md.contains("| netpoll | 1000 | 100 | 101 | 1.0 | 20 | 2.0, 1.0 |\n"), md);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(0).startsWith("test,scenario,server,client,concurrency,round,qps,"), csv.get(0));
        assertTrue(csv.get(2).startsWith("server,1,netpoll,netty-async,100,2,120000.0,"), csv.get(2));
    }

    @Test
    void theMedianRoundOfAnEvenNumberIsTheLowerMiddleOne() {
        assertEquals(2.0, Rounds.median(List.of(4.0, 1.0, 2.0, 3.0), Double::doubleValue));
        assertEquals(7.0, Rounds.median(List.of(7.0), Double::doubleValue));
        assertThrows(IllegalArgumentException.class, () -> Rounds.median(List.<Double>of(), Double::doubleValue));
    }

    @Test
    void pointsKeepTheOrderOfTheirFirstRound() {
        List<List<String>> points = Rounds.byPoint(List.of("b1", "a1", "b2", "a2", "c1"), s -> s.charAt(0));
        assertEquals(List.of(List.of("b1", "b2"), List.of("a1", "a2"), List.of("c1")), points);
        assertTrue(Rounds.repeated(points));
        assertFalse(Rounds.repeated(List.of(List.of("c1"))));
    }

    @Test
    void gridStepsAreRoundNumbers() {
        assertEquals(20_000, LineChart.niceStep(12_345), 1e-9);
        assertEquals(2.5, LineChart.niceStep(2.1), 1e-9);
        assertEquals(5, LineChart.niceStep(4.2), 1e-9);
        assertEquals(100, LineChart.niceStep(51), 1e-9);
        assertEquals(0.1, LineChart.niceStep(0.1), 1e-9);
    }

    private static SuiteRow round(int round, double qps, double p99Micros, long errors) {
        Measurement m = new Measurement(qps, 1_000, p99Micros, 9_000, 12_000, (long) qps * 10, errors, errors, 0);
        return new SuiteRow("server", 1, "netpoll", "netty-async", 100, m, 95, 150L << 20, 20, round);
    }

    private static SuiteRow row(String test, String server, String client, int concurrency, double qps) {
        Measurement m = new Measurement(qps, 1_000, 5_000, 9_000, 12_000, (long) qps * 4, 0, 0, 0);
        return new SuiteRow(test, 1, server, client, concurrency, m, 95, 150L << 20, 20, 1);
    }
}
