// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.mount.Mount;
import org.jxfs.fs.Xfs;

/** {@code jxfs map}: reads an image read-only, counts what each block holds and draws it. */
public final class ImageMap {
    /** What was drawn: the picture's scale and the image's block counts. */
    public record Summary(int agsDrawn, long blocksPerCell, int cellPx, long dblocks, long free, long data,
            long unwritten, long highlighted) {
        public String describe() {
            return String.format(Locale.ROOT, "%d AG%s drawn, 1 cell (%d px) = %d block%s; %d blocks: %d free, "
                    + "%d written data, %d unwritten%s", agsDrawn, agsDrawn == 1 ? "" : "s", cellPx, blocksPerCell,
                    blocksPerCell == 1 ? "" : "s", dblocks, free, data, unwritten,
                    highlighted >= 0 ? ", " + highlighted + " in the chosen file" : "");
        }
    }

    private ImageMap() {
    }

    /** Draws {@code image} into {@code png}: every AG unless {@code ags} names some; {@code file} highlighted. */
    public static Summary draw(Path image, Path png, List<Integer> ags, String file) throws XfsException, IOException {
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no directory " + dir + " for the map " + png);
        }
        long ino = -1;
        if (file != null) {
            try (Xfs fs = Xfs.openReadOnly(image)) {
                ino = fs.lookup(file);
            }
            if (ino < 0) {
                throw new IllegalArgumentException("--file " + file + ": no such file in " + image);
            }
        }
        try (Mount mp = Mount.open(image, true)) {
            Geometry geo = mp.geometry();
            List<Integer> shown = new ArrayList<>(ags);
            for (int agno : shown) {
                if (agno < 0 || agno >= geo.agcount) {
                    throw new IllegalArgumentException("--ag " + agno + ": the image has AGs 0.." + (geo.agcount - 1));
                }
            }
            if (shown.isEmpty()) {
                for (int agno = 0; agno < geo.agcount; agno++) {
                    shown.add(agno);
                }
            }
            MapLayout layout = MapLayout.of(geo, shown.size());
            BlockCensus census = BlockCensus.take(mp, layout.blocksPerCell(), ino);
            String title = "jxfs map: " + image.getFileName() + (file != null ? " (" + file + " highlighted)" : "");
            MapPainter.paint(census, layout, shown, title, file, png);
            return new Summary(shown.size(), layout.blocksPerCell(), layout.cellPx(), geo.dblocks,
                    census.total(BlockKind.FREE), census.total(BlockKind.DATA), census.total(BlockKind.UNWRITTEN),
                    file != null ? census.total(BlockKind.HIGHLIGHT) : -1);
        }
    }
}
