// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The bar chart of {@code benchmarks/compare-kernel.sh}: one horizontal bar per workload, its jxfs/kernel ratio on
 * a logarithmic axis (1x marked: right of it jxfs is faster). Reads the script's CSV, writes a PNG.
 *   java -cp benchmarks.jar org.jxfs.bench.RatioChart compare-kernel.csv ratios.png
 */
public final class RatioChart {
    private static final int LEFT = 260, RIGHT = 60, TOP = 50, BAR = 26, GAP = 10, WIDTH = 1000;

    private RatioChart() {
    }

    /** One CSV row as Python's csv module writes it: the workload name quoted when it holds a comma. */
    static String[] fields(String line) {
        if (!line.startsWith("\"")) {
            return line.split(",");
        }
        int close = line.indexOf("\",", 1);
        String[] rest = line.substring(close + 2).split(",");
        String[] all = new String[rest.length + 1];
        all[0] = line.substring(1, close);
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    public static void main(String[] args) throws Exception {
        List<String[]> rows = Files.readAllLines(Path.of(args[0])).stream().skip(1).filter(l -> !l.isBlank())
                .map(RatioChart::fields).toList();
        double lo = 0.01, hi = 100;
        for (String[] r : rows) {
            double v = Double.parseDouble(r[9]);
            lo = Math.min(lo, v / 2);
            hi = Math.max(hi, v * 2);
        }
        double logLo = Math.floor(Math.log10(lo)), logHi = Math.ceil(Math.log10(hi));
        int plotW = WIDTH - LEFT - RIGHT;
        int height = TOP + rows.size() * (BAR + GAP) + 60;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("jxfs / kernel, median rates of paired runs (log scale; right of 1x: jxfs faster)", 20, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int axisY = TOP + rows.size() * (BAR + GAP);
        for (double e = logLo; e <= logHi; e++) {
            int x = LEFT + (int) ((e - logLo) / (logHi - logLo) * plotW);
            g.setColor(e == 0 ? Color.BLACK : new Color(0xcccccc));
            g.drawLine(x, TOP - 5, x, axisY);
            g.setColor(Color.BLACK);
            String label = e >= 0 ? String.format(Locale.ROOT, "%.0fx", Math.pow(10, e))
                    : String.format(Locale.ROOT, "%sx", Math.pow(10, e));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, axisY + 16);
        }
        int x1 = LEFT + (int) ((0 - logLo) / (logHi - logLo) * plotW);
        int y = TOP;
        for (String[] r : rows) {
            double v = Double.parseDouble(r[9]);
            int xv = LEFT + (int) ((Math.log10(v) - logLo) / (logHi - logLo) * plotW);
            g.setColor(v >= 1 ? new Color(0x1f77b4) : new Color(0xd62728));
            g.fillRect(Math.min(x1, xv), y, Math.abs(xv - x1), BAR);
            g.setColor(Color.BLACK);
            g.drawString(r[0], 10, y + BAR - 8);
            String label = String.format(Locale.ROOT, "%.2fx", v);
            g.drawString(label, v >= 1 ? xv + 4 : xv - 4 - g.getFontMetrics().stringWidth(label), y + BAR - 8);
            y += BAR + GAP;
        }
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
    }
}
