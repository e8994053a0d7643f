package netpoll.benchmarks.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A line chart in the style of netpoll-benchmark's pictures: concurrency on the x axis (evenly
 * spaced categories), one line with markers per implementation, a legend, drawn with Java2D and
 * written as PNG through ImageIO, headless, with no dependency.
 *
 * <p>Not thread-safe: build, then {@link #write}.
 */
final class LineChart {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int LEFT = 90;
    private static final int RIGHT = 170;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int GRID_LINES = 5;
    private static final int MARKER = 8;
    private static final int LEGEND_ROW = 22;
    private static final int TITLE_SIZE = 16;
    private static final int LABEL_SIZE = 12;
    private static final float LINE_WIDTH = 2.5f;
    private static final double HEADROOM = 1.05;
    private static final double[] NICE_FACTORS = {1, 2, 2.5, 5, 10};
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B),
    };

    private final String title;
    private final String yLabel;
    private final List<Integer> xValues;
    private final Map<String, double[]> series = new LinkedHashMap<>();

    /**
     * @param title the chart's title
     * @param yLabel what the y axis shows, with its unit
     * @param xValues the concurrencies, in order
     */
    LineChart(String title, String yLabel, List<Integer> xValues) {
        this.title = title;
        this.yLabel = yLabel;
        this.xValues = List.copyOf(xValues);
    }

    /**
     * Adds one implementation's line; a NaN value leaves a gap (no point measured).
     *
     * @param name the legend text
     * @param values one value per x value
     */
    void addSeries(String name, double[] values) {
        if (values.length != xValues.size()) {
            throw new IllegalArgumentException("series " + name + " has " + values.length
                    + " values for " + xValues.size() + " concurrencies");
        }
        series.put(name, values.clone());
    }

    /**
     * Draws the chart into a PNG file.
     *
     * @param file where to write
     * @throws IOException when the file cannot be written
     */
    void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double yMax = niceMax();
            drawFrame(g, yMax);
            drawSeries(g, yMax);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK for " + file);
        }
    }

    private double niceMax() {
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        return max <= 0 ? GRID_LINES : niceStep(max * HEADROOM / GRID_LINES) * GRID_LINES;
    }

    /**
     * @param raw a grid step
     * @return the smallest step of the form 1, 2, 2.5 or 5 times a power of ten that is not
     *     below {@code raw}, so that the axis labels are round numbers
     */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : NICE_FACTORS) {
            if (f * power >= raw) {
                return f * power;
            }
        }
        return NICE_FACTORS[NICE_FACTORS.length - 1] * power;
    }

    private int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private int xOf(int index) {
        return LEFT + (int) Math.round(plotWidth() * (index + 0.5) / xValues.size());
    }

    private int yOf(double value, double yMax) {
        return TOP + plotHeight() - (int) Math.round(plotHeight() * value / yMax);
    }

    private void drawFrame(Graphics2D g, double yMax) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE));
        FontMetrics tm = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, (WIDTH - tm.stringWidth(title)) / 2, TOP / 2 + tm.getAscent() / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_SIZE));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= GRID_LINES; i++) {
            double v = yMax * i / GRID_LINES;
            int y = yOf(v, yMax);
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + plotWidth(), y);
            g.setColor(Color.DARK_GRAY);
            String label = formatValue(v);
            g.drawString(label, LEFT - fm.stringWidth(label) - 6, y + fm.getAscent() / 2);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth(), plotHeight());
        for (int i = 0; i < xValues.size(); i++) {
            String label = Integer.toString(xValues.get(i));
            g.drawString(label, xOf(i) - fm.stringWidth(label) / 2, TOP + plotHeight() + fm.getHeight() + 2);
        }
        String xLabel = "concurrency";
        g.drawString(xLabel, LEFT + (plotWidth() - fm.stringWidth(xLabel)) / 2, HEIGHT - BOTTOM / 4);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + (plotHeight() + fm.stringWidth(yLabel)) / 2), fm.getAscent() + 4);
        g.rotate(Math.PI / 2);
    }

    private void drawSeries(Graphics2D g, double yMax) {
        int legendY = TOP + LEGEND_ROW;
        int colour = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            g.setColor(PALETTE[colour++ % PALETTE.length]);
            g.setStroke(new BasicStroke(LINE_WIDTH));
            double[] values = e.getValue();
            for (int i = 0; i < values.length; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                int x = xOf(i);
                int y = yOf(values[i], yMax);
                g.fillOval(x - MARKER / 2, y - MARKER / 2, MARKER, MARKER);
                if (i + 1 < values.length && !Double.isNaN(values[i + 1])) {
                    g.drawLine(x, y, xOf(i + 1), yOf(values[i + 1], yMax));
                }
            }
            int lx = WIDTH - RIGHT + 15;
            g.drawLine(lx, legendY - 4, lx + 20, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), lx + 26, legendY);
            legendY += LEGEND_ROW;
        }
    }

    private static String formatValue(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.3gk", v / 1e3);
        }
        if (v >= 10 || v == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
