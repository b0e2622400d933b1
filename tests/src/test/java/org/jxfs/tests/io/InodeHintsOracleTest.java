// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.tests.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.inode.Inode;
import org.jxfs.fs.Xfs;
import org.jxfs.tests.oracle.LoopMount;
import org.jxfs.tests.oracle.MkfsXfs;
import org.jxfs.tests.oracle.RequiresKernel;
import org.jxfs.tests.oracle.TestDirs;
import org.jxfs.tests.oracle.XfsIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A file the kernel gave a project id and extent size hints (xfs_io chproj, extsize, cowextsize): jxfs reads the
 * inode's real fields, which {@code io stat} prints.
 */
@RequiresKernel
class InodeHintsOracleTest {
    Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            TestDirs.delete(dir);
        }
    }

    @Test
    void projidAndExtentSizeHintsAreTheInodes() throws Exception {
        dir = TestDirs.unique("inode-hints");
        Path img = dir.resolve("fs.img");
        MkfsXfs.format(img, 512L << 20);
        try (LoopMount mnt = LoopMount.mount(img, dir.resolve("mnt"))) {
            Path f = mnt.path("hinted");
            Files.createFile(f);
            XfsIo.run(f, "chproj 42", "extsize 65536", "cowextsize 131072").requireSuccess();
        }
        try (Xfs fs = Xfs.open(img)) {
            Inode ip = fs.stat("/hinted");
            int bs = fs.mount().geometry().blocksize;
            assertThat(ip.projid()).isEqualTo(42);
            assertThat(ip.extsize() * bs).isEqualTo(65536);
            assertThat(ip.cowextsize() * bs).isEqualTo(131072);
        }
    }
}
