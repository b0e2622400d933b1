// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jxfs.core.ErrorTag;
import org.jxfs.core.FsCorruptedException;
import org.jxfs.core.ShutdownException;
import org.jxfs.core.UnsupportedFeatureException;
import org.jxfs.core.XfsIoException;
import org.jxfs.core.buf.XfsBuf;
import org.jxfs.core.format.Agf;
import org.jxfs.core.format.AgfOps;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.format.Geometry;
import org.jxfs.core.format.LogRecHeader;
import org.jxfs.core.format.Sb;
import org.jxfs.core.ialloc.Ialloc;
import org.jxfs.core.mkfs.Mkfs;
import org.jxfs.core.mkfs.MkfsOptions;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTest {
    @TempDir
    Path dir;

    private Path image(String name) throws Exception {
        Path img = dir.resolve(name);
        Mkfs.format(img, MkfsOptions.builder().dataSize(64L << 20).build());
        return img;
    }

    @Test
    void freshImageMountsWithMkfsCounters() throws Exception {
        Path img = image("a.img");
        try (Mount mp = Mount.open(img, true)) {
            assertThat(mp.geometry().agcount).isEqualTo(4);
            assertThat(mp.icount()).isEqualTo(64);
            assertThat(mp.ifree()).isEqualTo(61);
            assertThat(mp.fdblocks()).isEqualTo(15503);
            assertThat(mp.logHead().clean()).isTrue();
            assertThat(mp.logHead().headBlk()).isEqualTo(2);
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void secondCloseIsANoOpAndTheImageStaysClean() throws Exception {
        Path img = image("twice.img");
        Mount mp = Mount.open(img, false);
        long free = mp.fdblocks();
        mp.close();
        byte[] after = Files.readAllBytes(img);
        mp.close();
        assertThat(Files.readAllBytes(img)).isEqualTo(after);
        try (Mount again = Mount.open(img, true)) {
            assertThat(again.fdblocks()).isEqualTo(free);
            assertThat(FsCheck.run(again)).isEmpty();
        }
    }

    @Test
    void readOnlyMountRefusesTransactions() throws Exception {
        Path img = image("ro.img");
        try (Mount mp = Mount.open(img, true)) {
            assertThatThrownBy(() -> Trans.alloc(mp, TransResv.WRITE, 0)).isInstanceOf(ShutdownException.class)
                    .hasMessageContaining("read-only");
        }
    }

    @Test
    void injectedWriteErrorShutsDownAndWritesNothingInPlace() throws Exception {
        Path img = image("fault.img");
        byte[] before = Files.readAllBytes(img);
        long logFrom;
        long logTo;
        try (Mount mp = Mount.open(img, false)) {
            Geometry g = mp.geometry();
            logFrom = Geometry.bbToB(g.logDaddr());
            logTo = logFrom + Geometry.bbToB(g.logBb());
            mp.errors().arm(ErrorTag.BUF_WRITE_IO, 0, 1);
            Trans tp = Trans.alloc(mp, TransResv.WRITE, 0);
            XfsBuf bp = tp.readBuf(g.agHeaderDaddr(1, Agf.SECTOR), g.sectorBb(), AgfOps.INSTANCE);
            new Agf(bp.data()).setFlfirst(new Agf(bp.data()).flfirst()); // a logged no-op change
            tp.logBuf(bp, Agf.OFF_FLFIRST, Agf.OFF_FLFIRST + 3);
            tp.commit(); // a delayed write: nothing reaches the image yet
            assertThatThrownBy(mp::sync).isInstanceOf(XfsIoException.class).hasMessageContaining("injected");
            assertThat(mp.isShutdown()).isTrue();
            assertThatThrownBy(() -> Trans.alloc(mp, TransResv.WRITE, 0)).isInstanceOf(ShutdownException.class);
        }
        // The transaction reached the log (forced before the in-place writes), nothing else changed, and the log
        // has no unmount record: the next mount recovers it.
        byte[] after = Files.readAllBytes(img);
        assertThat(Arrays.equals(after, 0, (int) logFrom, before, 0, (int) logFrom)).isTrue();
        assertThat(Arrays.equals(after, (int) logTo, after.length, before, (int) logTo, before.length)).isTrue();
        assertThat(Arrays.equals(after, before)).isFalse();
    }

    @Test
    void cancellingADirtyTransactionShutsDown() throws Exception {
        Path img = image("cancel.img");
        try (Mount mp = Mount.open(img, false)) {
            Geometry g = mp.geometry();
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 0)) {
                XfsBuf bp = tp.readBuf(g.agHeaderDaddr(0, Agf.SECTOR), g.sectorBb(), AgfOps.INSTANCE);
                tp.logBuf(bp, 0, 3);
            }
            assertThat(mp.isShutdown()).isTrue();
        }
        try (Mount mp = Mount.open(img, true)) {
            assertThat(FsCheck.run(mp)).isEmpty();
        }
    }

    @Test
    void reservationsComeBackAndRunOutAsNoSpace() throws Exception {
        Path img = image("res.img");
        try (Mount mp = Mount.open(img, false)) {
            long free = mp.fdblocks();
            try (Trans tp = Trans.alloc(mp, TransResv.WRITE, 100)) {
                assertThat(mp.fdblocks()).isEqualTo(free - 100);
            }
            assertThat(mp.fdblocks()).isEqualTo(free);
            assertThatThrownBy(() -> Trans.alloc(mp, TransResv.WRITE, free))
                    .isInstanceOf(org.jxfs.core.NoSpaceException.class);
        }
    }

    @Test
    void corruptSuperblockIsRefusedByName() throws Exception {
        Path img = image("bad.img");
        flip(img, 200);
        assertThatThrownBy(() -> Mount.open(img, true)).isInstanceOf(FsCorruptedException.class)
                .hasMessageContaining("xfs_sb").hasMessageContaining("daddr 0x0");
    }

    @Test
    void notXfsIsRefused() throws Exception {
        Path img = dir.resolve("zero.img");
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.setLength(1 << 20);
        }
        assertThatThrownBy(() -> Mount.open(img, true)).hasMessageContaining("not an XFS filesystem");
    }

    @Test
    void logWithoutUnmountRecordIsRefusedAsDirty() throws Exception {
        Path img = image("dirty.img");
        long logByte;
        try (Mount mp = Mount.open(img, true)) {
            logByte = Geometry.bbToB(mp.geometry().logDaddr());
        }
        // Turn the unmount record's op into a transaction op: the last record no longer says "unmounted".
        flipTo(img, logByte + LogRecHeader.HEADER_SIZE + 9, (byte) 0x01);
        assertThatThrownBy(() -> Mount.open(img, true)).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("log is dirty");
    }

    /** Field fuzz case "sb ifree zeroes -d": a counter that starts too low is written as 0, not wrapped. */
    @Test
    void superblockCounterStartedTooLowIsWrittenAsZeroNotWrapped() throws Exception {
        Path img = image("ifree0.img");
        byte[] bytes = Files.readAllBytes(img);
        Sb sb = new Sb(bytes, 0);
        sb.setIfree(0);
        sb.updateCrc(Geometry.BBSIZE);
        Files.write(img, bytes);
        try (Mount mp = Mount.open(img, false)) {
            assertThat(mp.ifree()).isZero();
            long root = mp.sb().rootino();
            try (Trans tp = Trans.alloc(mp, TransResv.CREATE, Ialloc.spaceRes(mp))) {
                Ialloc.dialloc(tp, mp, root, Dinode.S_IFREG | 0644);
                tp.commit();
            }
            assertThat(mp.ifree()).isEqualTo(-1);
        }
        Sb after = new Sb(Files.readAllBytes(img), 0);
        assertThat(after.ifree()).isZero();
        assertThat(after.icount()).isEqualTo(64);
    }

    /** Field fuzz case "sb ifree ones -d": a u64 counter of all ones is too large, not -1, and is recounted. */
    @Test
    void superblockCounterOfAllOnesIsRecounted() throws Exception {
        Path img = image("ifree-ones.img");
        byte[] bytes = Files.readAllBytes(img);
        Sb sb = new Sb(bytes, 0);
        sb.setIfree(-1L);
        sb.updateCrc(Geometry.BBSIZE);
        Files.write(img, bytes);
        try (Mount mp = Mount.open(img, false)) {
            assertThat(mp.ifree()).isEqualTo(61);
        }
        assertThat(new Sb(Files.readAllBytes(img), 0).ifree()).isEqualTo(61);
    }

    /**
     * Field fuzz case "agfl lsn random -d" (here on the AGF): a header whose LSN is ahead of the log's head is refused
     * as xfs_log_check_lsn refuses it, since recovery would skip replaying changes onto it; one at the head passes.
     */
    @Test
    void headerWithAnLsnAheadOfTheLogIsRefused() throws Exception {
        Path img = image("lsn-ahead.img");
        long head;
        try (Mount mp = Mount.open(img, true)) {
            head = mp.lsnBound();
            assertThat(head >>> 32).as("cycle of a fresh log").isEqualTo(1);
        }
        byte[] bytes = Files.readAllBytes(img);
        int agf1 = (int) (new Sb(bytes, 0).toGeometry().agHeaderDaddr(1, Agf.SECTOR)
                * Geometry.BBSIZE);
        Agf agf = new Agf(bytes, agf1);
        agf.setLsn(head);
        agf.updateCrc(Geometry.BBSIZE);
        Files.write(img, bytes);
        try (Mount mp = Mount.open(img, true)) {
            assertThat(mp.geometry().agcount).isEqualTo(4);
        }
        agf.setLsn(head + 1);
        agf.updateCrc(Geometry.BBSIZE);
        Files.write(img, bytes);
        assertThatThrownBy(() -> Mount.open(img, true)).isInstanceOf(FsCorruptedException.class)
                .hasMessageContaining("xfs_agf").hasMessageContaining("metadata LSN (1:" + ((int) head + 1)
                        + ") is ahead of the log's (1:" + (int) head + ")");
        agf.setLsn(-1L);
        agf.updateCrc(Geometry.BBSIZE);
        Files.write(img, bytes);
        try (Mount mp = Mount.open(img, false)) {
            assertThat(mp.readOnly()).isFalse();
        }
    }

    private static void flip(Path img, long off) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.seek(off);
            int b = raf.read();
            raf.seek(off);
            raf.write(b ^ 0x40);
        }
    }

    private static void flipTo(Path img, long off, byte v) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(img.toFile(), "rw")) {
            raf.seek(off);
            raf.write(v);
        }
    }
}
