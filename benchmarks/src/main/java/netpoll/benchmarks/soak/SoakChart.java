package netpoll.benchmarks.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The soak's picture: one panel per metric against time, the warm-up shaded, the first and last
 * thirds' means drawn as the verdict compared them. Java2D, written as PNG through ImageIO,
 * headless, with no dependency. Not thread-safe.
 */
final class SoakChart {

    private static final int COLUMNS = 3;
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 260;
    private static final int HEADER = 50;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int BOTTOM = 40;
    private static final int TICKS = 4;
    private static final int TITLE_SIZE = 16;
    private static final int LABEL_SIZE = 11;
    private static final float LINE = 1.5f;
    private static final float[] DASH = {6f, 4f};
    private static final Color WARM_UP = new Color(235, 235, 235);
    private static final Color SERIES = new Color(31, 119, 180);
    private static final Color FLAT = new Color(44, 160, 44);
    private static final Color RISING = new Color(214, 39, 40);
    private static final double HEADROOM = 1.1;

    private SoakChart() {
    }

    static void write(Path png, String title, List<Sample> samples, long warmUpSeconds, List<Trend> trends)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Metric[] metrics = Metric.values();
        int rows = (metrics.length + COLUMNS - 1) / COLUMNS;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, HEADER + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, TITLE_SIZE));
            g.drawString(title, LEFT, HEADER - TITLE_SIZE);
            for (int i = 0; i < metrics.length; i++) {
                Metric m = metrics[i];
                Trend trend = trends.stream().filter(t -> t.metric() == m).findFirst().orElse(null);
                panel(g, (i % COLUMNS) * PANEL_WIDTH, HEADER + (i / COLUMNS) * PANEL_HEIGHT, m, samples,
                        warmUpSeconds, trend);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, int y0, Metric m, List<Sample> samples, long warmUp, Trend trend) {
        int w = PANEL_WIDTH - LEFT - RIGHT;
        int h = PANEL_HEIGHT - TOP - BOTTOM;
        int left = x0 + LEFT;
        int top = y0 + TOP;
        long end = Math.max(1, samples.isEmpty() ? 1 : samples.get(samples.size() - 1).second());
        double max = samples.stream().mapToLong(s -> s.get(m)).max().orElse(1) * HEADROOM;
        if (max <= 0) {
            max = 1;
        }
        g.setColor(WARM_UP);
        g.fillRect(left, top, (int) (w * Math.min(1.0, warmUp / (double) end)), h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, LABEL_SIZE));
        g.setColor(Color.LIGHT_GRAY);
        for (int i = 0; i <= TICKS; i++) {
            int y = top + h - h * i / TICKS;
            g.drawLine(left, y, left + w, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(m.unit.format(max * i / TICKS), x0 + 4, y + LABEL_SIZE / 2);
            g.setColor(Color.LIGHT_GRAY);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("0 s", left, top + h + LABEL_SIZE + 4);
        g.drawString(end + " s", left + w - LABEL_SIZE * 3, top + h + LABEL_SIZE + 4);
        g.setColor(SERIES);
        g.setStroke(new BasicStroke(LINE));
        int px = -1;
        int py = -1;
        for (Sample s : samples) {
            int x = left + (int) (w * s.second() / (double) end);
            int y = top + h - (int) (h * s.get(m) / max);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        String verdict = "";
        if (trend != null) {
            Color c = trend.upward() ? RISING : FLAT;
            g.setColor(c);
            g.setStroke(new BasicStroke(LINE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, DASH, 0f));
            long measured = end - warmUp;
            third(g, left, top, w, h, end, max, warmUp, warmUp + measured / 3, trend.early());
            third(g, left, top, w, h, end, max, end - measured / 3, end, trend.late());
            verdict = trend.upward() ? "  RISING" : "  flat";
        }
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, LABEL_SIZE + 1));
        g.drawString(m.title + verdict, left, y0 + TOP - LABEL_SIZE);
        g.drawRect(left, top, w, h);
    }

    private static void third(Graphics2D g, int left, int top, int w, int h, long end, double max, long from, long to,
                              double mean) {
        int y = top + h - (int) (h * mean / max);
        g.drawLine(left + (int) (w * from / (double) end), y, left + (int) (w * to / (double) end), y);
    }
}
