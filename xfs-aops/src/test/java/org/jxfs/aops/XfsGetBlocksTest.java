// SPDX-License-Identifier: GPL-2.0-only
package org.jxfs.aops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jxfs.bmap.BmapUtil;
import org.jxfs.bmap.Bmapi;
import org.jxfs.bmap.BmbtIrec;
import org.jxfs.core.XfsException;
import org.jxfs.core.format.Dinode;
import org.jxfs.core.inode.Inode;
import org.jxfs.core.inode.InodeLog;
import org.jxfs.core.mount.FsCheck;
import org.jxfs.core.mount.Mount;
import org.jxfs.core.trans.Trans;
import org.jxfs.core.trans.TransResv;
import org.jxfs.dax.BufferHead;
import org.jxfs.iomap.DaxPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * __xfs_get_blocks' answers for a file laid out as: blocks 0-3 written, 4-7 a hole, 8-11 unwritten, EOF at the end
 * of block 11, nothing after; for create or not, direct or not, DAX (fixed and legacy) or not.
 */
class XfsGetBlocksTest {
    private static final int BS = 4096;
    private Mount mp;
    private Inode ip;

    @BeforeEach
    void layout() throws Exception {
        mp = TestImage.mount("getblocks");
        ip = TestImage.file(mp);
        try (Trans tp = Trans.alloc(mp, TransResv.WRITE, BmapUtil.diostratSpaceRes(mp, 4))) {
            ip.ilock.writeLock().lock();
            try {
                Bmapi.write(tp, ip, 0, 4, 0, new BmbtIrec[1]);
                ip.setSize(12L * BS);
                InodeLog.log(tp, mp, ip);
                tp.commit();
            } finally {
                ip.ilock.writeLock().unlock();
            }
        }
        BmapUtil.allocFileSpace(mp, ip, 8L * BS, 4L * BS);
    }

    @AfterEach
    void unmount() throws Exception {
        assertThat(FsCheck.run(mp)).isEmpty();
        mp.close();
    }

    private BufferHead get(long iblock, long size, boolean create, boolean direct) throws XfsException {
        BufferHead bh = new BufferHead(size);
        XfsGetBlocks.getBlocks(mp, ip, iblock, bh, create, direct, false);
        return bh;
    }

    private BmbtIrec extentAt(long fsb) throws XfsException {
        BmbtIrec[] m = new BmbtIrec[1];
        Bmapi.read(mp, ip, fsb, 100, 0, m);
        return m[0];
    }

    private long devBlock(long fsb) throws XfsException {
        BmbtIrec m = extentAt(fsb);
        return mp.geometry().fsbToDaddr(m.startblock() + fsb - m.startoff()) / (BS / 512);
    }

    @Test
    void lookupsWithoutCreate() throws Exception {
        BufferHead w = get(1, 16L * BS, false, true);
        assertThat(w.state).isEqualTo(BufferHead.MAPPED);
        assertThat(w.size).isEqualTo(3L * BS);
        assertThat(w.blocknr).isEqualTo(devBlock(1));
        BufferHead hole = get(4, 16L * BS, false, true);
        assertThat(hole.state).isZero();
        assertThat(hole.size).isEqualTo(4L * BS);
        BufferHead unw = get(8, 16L * BS, false, true);
        assertThat(unw.state).as("unwritten reads as a hole").isZero();
        assertThat(unw.size).isEqualTo(4L * BS);
        BufferHead pastEof = get(12, BS, false, true);
        assertThat(pastEof.state).isZero();
        assertThat(pastEof.size).as("untouched past EOF for direct I/O").isEqualTo(BS);
        BufferHead buffered = get(1, BS, false, false);
        assertThat(buffered.state).isEqualTo(BufferHead.MAPPED);
        assertThat(buffered.size).isEqualTo(BS);
    }

    @Test
    void directCreateOnAWrittenExtentIsAnOverwriteAndNewOnlyPastEof() throws Exception {
        BufferHead w = get(0, 2L * BS, true, true);
        assertThat(w.state).isEqualTo(BufferHead.MAPPED);
        assertThat(w.size).isEqualTo(2L * BS);
        assertThat(w.bPrivate).isEqualTo(new XfsIoend(0, 2L * BS, false));
        ip.setSize(2L * BS);
        BufferHead past = get(2, BS, true, true);
        assertThat(past.state).isEqualTo(BufferHead.MAPPED | BufferHead.NEW);
    }

    @Test
    void directCreateInAHoleAllocatesUnwrittenAndNew() throws Exception {
        BufferHead bh = get(4, 2L * BS, true, true);
        assertThat(bh.state).isEqualTo(BufferHead.MAPPED | BufferHead.UNWRITTEN | BufferHead.NEW);
        assertThat(bh.size).isEqualTo(2L * BS);
        assertThat(extentAt(4).isUnwritten()).isTrue();
        assertThat(extentAt(4).blockcount()).as("the hole up to the write's end only").isEqualTo(2);
        assertThat(bh.blocknr).isEqualTo(devBlock(4));
        assertThat(bh.bPrivate).isEqualTo(new XfsIoend(4L * BS, 2L * BS, true));
    }

    @Test
    void directCreateOnAnUnwrittenExtentMapsItUnwrittenAndNew() throws Exception {
        BufferHead bh = get(9, 2L * BS, true, true);
        assertThat(bh.state).isEqualTo(BufferHead.MAPPED | BufferHead.UNWRITTEN | BufferHead.NEW);
        assertThat(extentAt(9).isUnwritten()).isTrue();
    }

    @Test
    void bufferedCreateIsRefusedUntilDelayedAllocation() {
        assertThatThrownBy(() -> get(4, BS, true, false)).isInstanceOf(XfsException.class)
                .satisfies(e -> assertThat(((XfsException) e).errno()).isEqualTo(XfsException.EOPNOTSUPP));
    }

    @Test
    void daxFixedAllocatesWrittenZeroedAndNotNew() throws Exception {
        ip.flags2 |= Dinode.DIFLAG2_DAX;
        BufferHead hole = get(4, 2L * BS, true, true);
        assertThat(hole.state).isEqualTo(BufferHead.MAPPED);
        assertThat(extentAt(4).isUnwritten()).isFalse();
        assertThat(readBlock(hole.blocknr)).isEqualTo(new byte[BS]);
        // stale bytes under the unwritten extent: reading it gives zeros, converting it must zero them
        byte[] junk = new byte[BS];
        java.util.Arrays.fill(junk, (byte) 0x5a);
        for (int b = 8; b < 12; b++) {
            mp.device().write(devBlock(b) * BS, junk, 0, BS);
        }
        BufferHead unw = get(8, 4L * BS, true, true);
        assertThat(unw.state).as("unwritten is converted, zeroed, and not new").isEqualTo(BufferHead.MAPPED);
        assertThat(extentAt(8).isUnwritten()).isFalse();
        assertThat(unw.size).isEqualTo(4L * BS);
        for (int b = 0; b < 4; b++) {
            assertThat(readBlock(unw.blocknr + b)).as("block %d zeroed before commit", 8 + b).isEqualTo(new byte[BS]);
        }
    }

    @Test
    void daxLegacyBehavesAsLinux43() throws Exception {
        ip.flags2 |= Dinode.DIFLAG2_DAX;
        DaxPolicy.of(mp).setMode(DaxPolicy.Mode.LEGACY);
        BufferHead unw = get(8, BS, true, true);
        assertThat(unw.state).isEqualTo(BufferHead.MAPPED | BufferHead.UNWRITTEN | BufferHead.NEW);
        BufferHead hole = get(5, BS, true, true);
        assertThat(hole.state).isEqualTo(BufferHead.MAPPED | BufferHead.UNWRITTEN | BufferHead.NEW);
        assertThat(extentAt(5).isUnwritten()).isTrue();
    }

    private byte[] readBlock(long devBlock) throws Exception {
        byte[] b = new byte[BS];
        mp.device().read(devBlock * BS, b, 0, BS);
        return b;
    }
}
