// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

import org.jxfs.core.format.Geometry;

/**
 * Where the map draws each AG: a band of {@code rows} rows of {@code cols} square cells of {@code cellPx} pixels,
 * block order left to right, top to bottom. A small AG gets cells of several pixels, one block each; a large one
 * single pixels of {@code blocksPerCell} blocks each, so that every AG fits its share of the picture.
 */
record MapLayout(long blocksPerCell, int cellPx, int cols, int rows) {
    /** Width of the map area in pixels. */
    static final int MAP_WIDTH = 1024;
    /** Pixels of map (rows times width) the AGs share at most. */
    static final int MAP_HEIGHT = 720;

    static MapLayout of(Geometry geo, int agsShown) {
        int bandRows = Math.max(16, Math.min(512, MAP_HEIGHT / agsShown));
        long pixels = (long) MAP_WIDTH * bandRows;
        long agblocks = geo.agblocks;
        if (agblocks <= pixels) {
            int cellPx = Math.max(1, (int) Math.floor(Math.sqrt((double) pixels / agblocks)));
            int cols = MAP_WIDTH / cellPx;
            return new MapLayout(1, cellPx, cols, (int) ((agblocks + cols - 1) / cols));
        }
        long bpc = (agblocks + pixels - 1) / pixels;
        long cells = (agblocks + bpc - 1) / bpc;
        return new MapLayout(bpc, 1, MAP_WIDTH, (int) ((cells + MAP_WIDTH - 1) / MAP_WIDTH));
    }

    int bandHeight() {
        return rows * cellPx;
    }
}
