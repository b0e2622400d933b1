// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tools.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jxfs.core.mount.Mount;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tools.JxfsMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jxfs map} on images jxfs made: the census against what was written, the picture, bad input. */
class ImageMapTest {
    @TempDir
    Path dir;

    private Path image() throws Exception {
        Path img = dir.resolve("a.img");
        assertThat(JxfsMain.run("mkfs", "-q", "-d", "size=64m", img.toString())).isZero();
        try (Xfs fs = Xfs.open(img)) {
            try (XfsFile f = fs.create("/pre")) {
                f.fallocate(0, 40 * 4096);                      // 40 unwritten blocks
            }
            try (XfsFile f = fs.create("/data")) {
                f.setDirect(true);
                f.pwrite(0, new byte[8 * 4096], 0, 8 * 4096);   // 8 written blocks
            }
        }
        return img;
    }

    @Test
    void censusCountsEveryBlockOnceAndFindsTheFiles() throws Exception {
        Path img = image();
        long dataIno;
        try (Xfs fs = Xfs.openReadOnly(img)) {
            dataIno = fs.lookup("/data");
        }
        try (Mount mp = Mount.open(img, true)) {
            BlockCensus c = BlockCensus.take(mp, 1, dataIno);
            assertThat(c.total(BlockKind.UNWRITTEN)).isEqualTo(40);
            assertThat(c.total(BlockKind.HIGHLIGHT)).isEqualTo(8);
            assertThat(c.total(BlockKind.DATA)).isZero();
            assertThat(c.total(BlockKind.OTHER)).as("blocks no structure claims").isZero();
            long sum = 0;
            for (BlockKind k : BlockKind.values()) {
                sum += c.total(k);
            }
            assertThat(sum).isEqualTo(mp.geometry().dblocks);
            assertThat(c.dominant(0, 0)).isEqualTo(BlockKind.HEADERS);
        }
    }

    @Test
    void pictureHasTheHeadersInTheFirstCellOfEachAg() throws Exception {
        Path img = image();
        Path png = dir.resolve("m.png");
        ImageMap.Summary s = ImageMap.draw(img, png, List.of(), "/data");
        assertThat(s.agsDrawn()).isEqualTo(4);
        assertThat(s.unwritten()).isEqualTo(40);
        BufferedImage p = ImageIO.read(png.toFile());
        assertThat(p.getWidth()).isGreaterThan(MapLayout.MAP_WIDTH);
        // The first cell of AG 0 sits at the map's top left corner (LEFT, TOP in MapPainter): the AG headers.
        assertThat(p.getRGB(70, 64) & 0xffffff).isEqualTo(BlockKind.HEADERS.rgb);
    }

    @Test
    void badInputIsOneLineAndNonZero() throws Exception {
        Path img = image();
        assertThatThrownBy(() -> ImageMap.draw(img, dir.resolve("x.png"), List.of(9), null))
                .hasMessageContaining("--ag 9: the image has AGs 0..3");
        assertThatThrownBy(() -> ImageMap.draw(img, dir.resolve("x.png"), List.of(), "/nope"))
                .hasMessageContaining("--file /nope: no such file");
        assertThatThrownBy(() -> ImageMap.draw(img, dir.resolve("no/such/x.png"), List.of(), null))
                .hasMessageContaining("no directory");
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
        assertThat(JxfsMain.run("map", dir.resolve("missing.img").toString(), "-o", dir.resolve("y.png").toString()))
                .isNotZero();
    }
}
