package io.huibo.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

/** The results chart, drawn with Java2D (headless): throughput and setup latency per offered rate. */
final class Chart {
    private static final int W = 1200;
    private static final int H = 520;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    record Series(String name, List<Row> rows) {
    }

    private Chart() {
    }

    static void write(Path file, String title, List<Series> series) throws IOException {
        BufferedImage image = canvas(W, H, title);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        panel(g, 20, 50, W / 2 - 40, H - 120, "completed calls/s", series, Row::completedRate, true);
        panel(g, W / 2 + 20, 50, W / 2 - 40, H - 120, "setup p99 beyond the phones' answer delay, ms", series,
                Row::overheadP99, false);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int x = 80;
        for (int i = 0; i < series.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x, H - 38, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name(), x + 20, H - 26);
            x += 60 + g.getFontMetrics().stringWidth(series.get(i).name());
        }
        g.setColor(Color.GRAY);
        g.drawString("x: offered calls/s (log scale)", W - 260, H - 26);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int left, int top, int width, int height, String label, List<Series> series,
            ToDoubleFunction<Row> y, boolean ideal) {
        double xMin = Double.MAX_VALUE;
        double xMax = 0;
        double yMax = 1;
        for (Series s : series) {
            for (Row r : s.rows()) {
                xMin = Math.min(xMin, r.offeredRate());
                xMax = Math.max(xMax, r.offeredRate());
                double v = y.applyAsDouble(r);
                if (!Double.isNaN(v)) {
                    yMax = Math.max(yMax, v);
                }
            }
        }
        if (xMax <= 0) {
            return;
        }
        if (ideal) {
            yMax = Math.max(yMax, xMax);
        }
        yMax = nice(yMax * 1.08);
        int plotLeft = left + 60;
        int plotWidth = width - 70;
        int plotBottom = top + height;
        double lx0 = Math.log(xMin * 0.8);
        double lx1 = Math.log(xMax * 1.2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(label, plotLeft, top - 6);
        yGrid(g, plotLeft, plotWidth, plotBottom, height, yMax, 5);
        for (Row r : series.get(0).rows()) {
            int px = plotLeft + (int) (plotWidth * (Math.log(r.offeredRate()) - lx0) / (lx1 - lx0));
            g.setColor(Color.DARK_GRAY);
            String text = String.format("%.0f", r.offeredRate());
            g.drawString(text, px - g.getFontMetrics().stringWidth(text) / 2, plotBottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(plotLeft, plotBottom, plotLeft + plotWidth, plotBottom);
        g.drawLine(plotLeft, top, plotLeft, plotBottom);
        if (ideal) {
            g.setColor(Color.LIGHT_GRAY);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
            int[] xs = new int[2];
            int[] ys = new int[2];
            double[] ends = {xMin * 0.8, xMax * 1.2};
            for (int i = 0; i < 2; i++) {
                xs[i] = plotLeft + (int) (plotWidth * (Math.log(ends[i]) - lx0) / (lx1 - lx0));
                ys[i] = plotBottom - (int) (height * Math.min(ends[i], yMax) / yMax);
            }
            g.drawLine(xs[0], ys[0], xs[1], ys[1]);
        }
        for (int i = 0; i < series.size(); i++) {
            g.setColor(COLORS[i % COLORS.length]);
            g.setStroke(new BasicStroke(2.2f));
            int lastX = -1;
            int lastY = -1;
            for (Row r : series.get(i).rows()) {
                double v = y.applyAsDouble(r);
                if (Double.isNaN(v)) {
                    lastX = -1;
                    continue;
                }
                int px = plotLeft + (int) (plotWidth * (Math.log(r.offeredRate()) - lx0) / (lx1 - lx0));
                int py = plotBottom - (int) (height * Math.max(0, v) / yMax);
                g.fillOval(px - 4, py - 4, 8, 8);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** A white image of {@code width} × {@code height}, antialiased, with {@code title} at its top left. */
    static BufferedImage canvas(int width, int height, String title) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 26);
        g.dispose();
        return image;
    }

    /** The horizontal grid lines of a panel, {@code steps} of them above zero, each labelled with its value. */
    static void yGrid(Graphics2D g, int plotLeft, int plotWidth, int plotBottom, int height, double yMax, int steps) {
        for (int i = 0; i <= steps; i++) {
            double v = yMax * i / steps;
            int py = plotBottom - (int) (height * v / yMax);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(plotLeft, py, plotLeft + plotWidth, py);
            g.setColor(Color.DARK_GRAY);
            String text = String.format("%.0f", v);
            g.drawString(text, plotLeft - 8 - g.getFontMetrics().stringWidth(text), py + 4);
        }
    }

    private static double nice(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
