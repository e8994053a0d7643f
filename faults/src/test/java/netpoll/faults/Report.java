package netpoll.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The figures of each fault, printed and appended to {@code target/faults-report.txt} (the
 * source of the numbers in docs/reliability.md).
 */
final class Report {

    private static final Path FILE = Path.of("target", "faults-report.txt");

    private Report() {
    }

    static synchronized void line(String fault, String format, Object... args) {
        String text = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + fault + ": "
                + String.format(Locale.ROOT, format, args) + System.lineSeparator();
        System.out.print(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE.toAbsolutePath(), e);
        }
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
