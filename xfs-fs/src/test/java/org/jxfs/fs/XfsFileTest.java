// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.mount.FsCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link XfsFile}: creation as the kernel creates, the VFS's argument checks, sizes and timestamps. */
class XfsFileTest {
    static Path image(String name, int inodeSize) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "xfsfile-tests"));
        Path img = dir.resolve(name + "-" + inodeSize + ".img");
        Files.deleteIfExists(img);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).inodeSize(inodeSize).quiet(true).force(true)
                .build());
        return img;
    }

    /** Measured: the kernel gives every new file forkoff 24, aformat EXTENTS, for 512-, 1024- and 2048-byte inodes. */
    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 2048})
    void createdFilesHaveAnEmptyAttrForkAtTheDefaultOffset(int inodeSize) throws Exception {
        Path img = image("create", inodeSize);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/f")) {
            Inode ip = f.inode();
            assertThat(ip.forkoff).isEqualTo(24);
            assertThat(ip.aformat).isEqualTo(Dinode.FMT_EXTENTS);
            assertThat(ip.dataForkSize()).isEqualTo(192);
            assertThat(ip.mode).isEqualTo(Dinode.S_IFREG | 0600);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
        try (Xfs fs = Xfs.open(img)) {
            assertThat(fs.stat("/f").forkoff).isEqualTo(24);
        }
    }

    @Test
    void argumentChecksReturnTheKernelsErrno() throws Exception {
        Path img = image("checks", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/f")) {
            assertErrno(() -> f.fallocate(-1, 4096), XfsException.EINVAL);
            assertErrno(() -> f.fallocate(0, 0), XfsException.EINVAL);
            assertErrno(() -> f.fallocate(FallocMode.PUNCH_HOLE, 0, 4096), XfsException.EOPNOTSUPP);
            assertErrno(() -> f.fallocate(FallocMode.COLLAPSE_RANGE | FallocMode.KEEP_SIZE, 0, 4096),
                    XfsException.EOPNOTSUPP);
            assertErrno(() -> f.fallocate(0x100, 0, 4096), XfsException.EOPNOTSUPP);
            assertErrno(() -> f.fallocate(Long.MAX_VALUE - 10, 4096), XfsException.EFBIG);
            assertErrno(() -> f.truncate(-1), XfsException.EINVAL);
        }
        try (Xfs fs = Xfs.open(img); XfsFile ro = fs.openFile("/f", false, true)) {
            assertErrno(() -> ro.fallocate(0, 4096), XfsException.EBADF);
            assertErrno(() -> ro.truncate(0), XfsException.EINVAL);
            assertErrno(() -> fs.openFile("/nope", false, false), XfsException.ENOENT);
        }
    }

    @Test
    void truncateSetsTheSizeAndStampsTheTimes() throws Exception {
        Path img = image("truncate", 512);
        try (Xfs fs = Xfs.open(img); XfsFile f = fs.create("/f")) {
            Inode ip = f.inode();
            ip.mtimeSec = ip.ctimeSec = 1;
            f.truncate(100000);
            assertThat(f.size()).isEqualTo(100000);
            assertThat(ip.mtimeSec).isGreaterThan(1);
            assertThat(ip.ctimeSec).isEqualTo(ip.mtimeSec);
        }
        try (Xfs fs = Xfs.open(img)) {
            assertThat(fs.stat("/f").size).isEqualTo(100000);
            assertThat(FsCheck.run(fs.mount())).isEmpty();
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static void assertErrno(Call c, int errno) {
        assertThatThrownBy(c::run).isInstanceOf(XfsException.class)
                .satisfies(e -> assertThat(((XfsException) e).errno()).isEqualTo(errno));
    }
}
