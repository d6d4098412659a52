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

/** The soak's chart, drawn with Java2D (headless): each watched series over the minutes of the load. */
final class SoakChart {
    private static final int W = 1200;
    private static final int H = 720;
    private static final Color LINE = new Color(0x1f77b4);
    private static final Color WARM_UP = new Color(0xf2f2f2);

    private SoakChart() {
    }

    static void write(Path file, String title, List<Jmx.Sample> samples, List<Jmx.Sample> liveHeap, long loadStart,
            long warmUpEnd, long loadEnd)
            throws IOException {
        BufferedImage image = Chart.canvas(W, H, title);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        List<Soak.Flatness> watched = Soak.WATCHED;
        // one time axis for all panels: to the last sample of either series
        long last = loadEnd;
        for (List<Jmx.Sample> series : List.of(samples, liveHeap)) {
            for (Jmx.Sample x : series) {
                last = Math.max(last, x.atMillis());
            }
        }
        int pw = W / 2 - 40;
        int ph = (H - 130) / 2 - 30;
        for (int i = 0; i < watched.size(); i++) {
            int left = 20 + (i % 2) * (W / 2);
            int top = 60 + (i / 2) * (ph + 60);
            panel(g, left, top, pw, ph, watched.get(i).name(), watched.get(i).live() ? liveHeap : samples, watched.get(i).value(),
                    loadStart, warmUpEnd, loadEnd, last);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.GRAY);
        g.drawString("x: minutes since the load began; grey: the warm-up, left out of the trend; the vertical line: the"
                + " load's end", 80, H - 20);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int left, int top, int width, int height, String label, List<Jmx.Sample> samples,
            ToDoubleFunction<Jmx.Sample> y, long loadStart, long warmUpEnd, long loadEnd, long last) {
        double yMax = 1;
        for (Jmx.Sample x : samples) {
            double v = y.applyAsDouble(x);
            if (!Double.isNaN(v)) {
                yMax = Math.max(yMax, v);
            }
        }
        yMax = yMax * 1.1;
        double minutes = Math.max(1, (last - loadStart) / 60_000.0);
        int plotLeft = left + 60;
        int plotWidth = width - 70;
        int plotBottom = top + height;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(WARM_UP);
        g.fillRect(plotLeft, top, (int) (plotWidth * (warmUpEnd - loadStart) / 60_000.0 / minutes), height);
        g.setColor(Color.BLACK);
        g.drawString(label, plotLeft, top - 6);
        Chart.yGrid(g, plotLeft, plotWidth, plotBottom, height, yMax, 4);
        int ticks = (int) Math.min(12, Math.ceil(minutes));
        for (int i = 0; i <= ticks; i++) {
            double m = minutes * i / ticks;
            int px = plotLeft + (int) (plotWidth * m / minutes);
            String text = String.format("%.0f", m);
            g.drawString(text, px - g.getFontMetrics().stringWidth(text) / 2, plotBottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(plotLeft, plotBottom, plotLeft + plotWidth, plotBottom);
        g.drawLine(plotLeft, top, plotLeft, plotBottom);
        int endX = plotLeft + (int) (plotWidth * (loadEnd - loadStart) / 60_000.0 / minutes);
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(endX, top, endX, plotBottom);
        g.setColor(LINE);
        g.setStroke(new BasicStroke(1.8f));
        int lastX = -1;
        int lastY = -1;
        for (Jmx.Sample x : samples) {
            double v = y.applyAsDouble(x);
            if (Double.isNaN(v)) {
                lastX = -1;
                continue;
            }
            int px = plotLeft + (int) (plotWidth * (x.atMillis() - loadStart) / 60_000.0 / minutes);
            int py = plotBottom - (int) (height * Math.max(0, v) / yMax);
            g.fillOval(px - 2, py - 2, 5, 5);
            if (lastX >= 0) {
                g.drawLine(lastX, lastY, px, py);
            }
            lastX = px;
            lastY = py;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
