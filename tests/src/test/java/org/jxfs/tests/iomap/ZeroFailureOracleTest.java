// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.iomap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.XfsException;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.fs.Xfs;
import org.jxfs.fs.XfsFile;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsRepair;
import org.junit.jupiter.api.Test;

/**
 * The seed's zeroing failure end to end: a DAX write whose allocation cannot be zeroed (the device fails in the
 * middle of an 8-block extent) returns EIO with nothing allocated; the filesystem stays up, xfs_repair -n accepts
 * the image, and the kernel reads back exactly the data written before.
 */
@RequiresKernel
class ZeroFailureOracleTest {
    private static final int FS_XFLAG_DAX = 0x8000;

    @Test
    void aZeroingFailureLeavesAnImageThatRepairAndTheKernelAccept() throws Exception {
        Path dir = TestDirs.unique("zero-failure");
        try {
            Path img = dir.resolve("a.img");
            Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).quiet(true).build());
            byte[] first = new byte[8192];
            Arrays.fill(first, (byte) 0x3c);
            List<BmbtIrec> before;
            try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/daxfile")) {
                f.fssetxflags(FS_XFLAG_DAX);
                assertThat(f.isDax()).isTrue();
                assertThat(f.pwrite(0, first, 0, first.length)).isEqualTo(first.length);
                before = f.extents();
                long fdblocks = fs.mount().fdblocks();
                fs.mount().errors().arm(ErrorTag.ZERO_RANGE, 3, 1);
                byte[] more = new byte[8 * 4096];
                assertThatThrownBy(() -> f.pwrite(64 * 4096, more, 0, more.length))
                        .isInstanceOf(XfsException.class)
                        .satisfies(e -> assertThat(((XfsException) e).errno()).isEqualTo(XfsException.EIO));
                assertThat(f.extents()).isEqualTo(before);
                assertThat(f.size()).isEqualTo(first.length);
                assertThat(fs.mount().fdblocks()).isEqualTo(fdblocks);
                assertThat(fs.mount().isShutdown()).isFalse();
            }
            XfsRepair.assertClean(img);
            Path mnt = Files.createDirectories(dir.resolve("mnt"));
            try (LoopMount m = LoopMount.mount(img, mnt, "ro")) {
                assertThat(Files.readAllBytes(mnt.resolve("daxfile"))).isEqualTo(first);
            }
        } finally {
            TestDirs.delete(dir);
        }
    }
}
