// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
    void binsFollowHistinit() throws Exception {
        Path img = dir.resolve("b.img");
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).build());
        try (Mount mp = Mount.open(img, true)) {
            long agblocks = mp.geometry().agblocks;   // 4096
            assertThat(Freesp.of(mp, opts(0, 2, List.of())).binStarts()).startsWith(1, 2, 4, 8).endsWith(2048);
            assertThat(Freesp.of(mp, opts(1000, 0, List.of())).binStarts()).containsExactly(1, 1001, 2001, 3001, 4001);
            // -h: 0 reads as 1, a bin of 1 added when missing, sorted; the last bin ends at agblocks.
            assertThat(Freesp.of(mp, opts(0, 0, List.of(100, 5))).binStarts()).containsExactly(1, 5, 100);
            assertThat(Freesp.of(mp, opts(0, 0, List.of(0, 7))).binStarts()).containsExactly(1, 7);
            assertThat(Freesp.of(mp, opts(0, 3, List.of())).binStarts()).containsExactly(1, 3, 9, 27, 81, 243, 729,
                    2187);
            assertThat(agblocks).isEqualTo(4096);
            // -a of an AG the image lacks scans nothing: no bins printed, the average 0/0.
            Freesp none = Freesp.of(mp, new Freesp.Options(List.of(9), 0, false, false, 0, 2, List.of(), true));
            assertThat(none.report()).endsWith("total free extents 0\ntotal free blocks 0\n"
                    + "average free extent size -nan\n");
            assertThatThrownBy(() -> Freesp.of(mp, opts(0, 1, List.of()))).hasMessage("-m 1: the bins would never reach the AG size");
        }
    }

    private static Freesp.Options opts(int equal, int mult, List<Integer> starts) {
        return new Freesp.Options(List.of(), 0, false, false, equal, mult, starts, false);
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
