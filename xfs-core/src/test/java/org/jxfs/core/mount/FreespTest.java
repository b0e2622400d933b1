// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreespTest {
    @TempDir
    Path dir;

    @Test
    void freshImageHistogramMatchesWhatXfsDbPrintsForIt() throws Exception {
        Path img = dir.resolve("a.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).build());
        try (Mount mp = Mount.open(img, true)) {
            // xfs_db -r -c 'freesp -s' on mkfs.xfs's identical 64 MiB minimal image prints exactly this.
            assertThat(Freesp.of(mp).summary()).isEqualTo(""
                    + "   from      to extents  blocks    pct\n"
                    + "      1       1      16      16   0.10\n"
                    + "   2048    4096       4   15487  99.90\n"
                    + "total free extents 20\n"
                    + "total free blocks 15503\n"
                    + "average free extent size 775.15\n");
        }
    }

    @Test
    void percentFormatsLikePrintfG() {
        assertThat(Freesp.cFormatG(682.65)).isEqualTo("682.65");
        assertThat(Freesp.cFormatG(3.0)).isEqualTo("3");
        assertThat(Freesp.cFormatG(1234567.0)).isEqualTo("1.23457e+06");
        assertThat(Freesp.cFormatG(0.5)).isEqualTo("0.5");
        assertThat(Freesp.cFormatG(1.0 / 3)).isEqualTo("0.333333");
    }
}
