// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jxfs.core.format.Geometry;

/** Draws a {@link BlockCensus} as a PNG: a title, one band per AG, the scale and a legend with each kind's share. */
final class MapPainter {
    private static final int LEFT = 70;
    private static final int RIGHT = 16;
    private static final int TOP = 64;
    private static final int GAP = 10;
    private static final int LEGEND_ROW = 20;
    private static final Color BACKGROUND = new Color(0xdddddd);

    private MapPainter() {
    }

    static void paint(BlockCensus census, MapLayout layout, List<Integer> ags, String title, String highlight,
            Path png) throws IOException {
        Geometry geo = census.geo;
        BlockKind[] kinds = java.util.Arrays.stream(BlockKind.values())
                .filter(k -> k != BlockKind.HIGHLIGHT || highlight != null).toArray(BlockKind[]::new);
        int legendRows = (kinds.length + 1) / 2;
        int width = LEFT + layout.cols() * layout.cellPx() + RIGHT;
        int mapHeight = ags.size() * (layout.bandHeight() + GAP);
        int height = TOP + mapHeight + 40 + legendRows * LEGEND_ROW + 10;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        long cellBytes = census.blocksPerCell * geo.blocksize;
        long rowBlocks = census.blocksPerCell * layout.cols();
        g.drawString(String.format(Locale.ROOT, "%d AGs x %d blocks of %d bytes; 1 cell (%d px) = %d block%s (%s); "
                + "1 row = %d blocks (%s); blocks left to right, top to bottom", geo.agcount, geo.agblocks,
                geo.blocksize, layout.cellPx(), census.blocksPerCell, census.blocksPerCell == 1 ? "" : "s",
                bytes(cellBytes), rowBlocks, bytes(rowBlocks * geo.blocksize)), LEFT, 40);
        g.drawString("A cell shows the kind holding most of its blocks"
                + (highlight != null ? "; " + highlight + " wherever it has a block" : "")
                + ". The legend counts the whole image.", LEFT, 56);
        int y = TOP;
        for (int agno : ags) {
            g.setColor(Color.BLACK);
            g.drawString("AG " + agno, 8, y + 12);
            int cells = (int) ((geo.agBlockCount(agno) + census.blocksPerCell - 1) / census.blocksPerCell);
            for (int cell = 0; cell < cells; cell++) {
                int cx = LEFT + (cell % layout.cols()) * layout.cellPx();
                int cy = y + (cell / layout.cols()) * layout.cellPx();
                int rgb = census.dominant(agno, cell).rgb;
                if (layout.cellPx() == 1) {
                    img.setRGB(cx, cy, rgb);
                } else {
                    g.setColor(new Color(rgb));
                    g.fillRect(cx, cy, layout.cellPx(), layout.cellPx());
                }
            }
            y += layout.bandHeight() + GAP;
        }
        // Scale bar: one row of the map.
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        int barY = y + 8;
        int barEnd = LEFT + layout.cols() * layout.cellPx();
        g.drawLine(LEFT, barY, barEnd, barY);
        g.drawLine(LEFT, barY - 5, LEFT, barY + 5);
        g.drawLine(barEnd, barY - 5, barEnd, barY + 5);
        g.drawString("0", LEFT, barY + 18);
        String rowLabel = bytes(rowBlocks * geo.blocksize) + " (" + rowBlocks + " blocks)";
        g.drawString(rowLabel, barEnd - g.getFontMetrics().stringWidth(rowLabel), barY + 18);
        int ly = barY + 38;
        long all = geo.dblocks;
        for (int i = 0; i < kinds.length; i++) {
            int lx = LEFT + (i / legendRows) * 420;
            int row = i % legendRows;
            g.setColor(new Color(kinds[i].rgb));
            g.fillRect(lx, ly + row * LEGEND_ROW - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawRect(lx, ly + row * LEGEND_ROW - 11, 14, 14);
            long n = census.total(kinds[i]);
            String label = kinds[i] == BlockKind.HIGHLIGHT && highlight != null ? highlight : kinds[i].label;
            g.drawString(String.format(Locale.ROOT, "%s: %d blocks (%.2f%%)", label, n, n * 100.0 / all),
                    lx + 22, ly + row * LEGEND_ROW + 1);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    /** 4096 -> "4 KiB", 1.5 MiB -> "1.5 MiB". */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d %s", (long) v, units[u])
                : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
